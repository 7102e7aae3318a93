import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';

/** Where the e2e tier looks for PostgreSQL when `TEST_DATABASE_URL` is not set: this machine's server, trust auth. */
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Finds the PostgreSQL server the e2e tier's SQL contract suites run on: `url` if given, else the local server at
 * 127.0.0.1:5432; when none answers, starts Debian's cluster (`pg_ctlcluster VERSION main start`, as the machine
 * starts it) and asks again. Throws, naming what it tried, when none comes up; never skips.
 */
export async function ensureTestPostgres(
  url: string | undefined,
  log: (line: string) => void,
): Promise<string> {
  const target = url ?? LOCAL_POSTGRES_URL;
  if (await answers(target)) return target;
  if (url) throw new Error(`no PostgreSQL answers at TEST_DATABASE_URL (${redact(url)})`);
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  for (const version of versions) {
    log(`[infra] PostgreSQL: starting the local cluster ${version}/main`);
    try {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
        stdio: 'ignore',
      });
    } catch {
      // already running, or not startable: the probe below says which
    }
    if (await answers(target)) return target;
  }
  throw new Error(
    `no PostgreSQL answers at ${redact(target)} and no local cluster could be started: ` +
      'set TEST_DATABASE_URL to a server the tests may create databases on',
  );
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
