import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PgDatabase } from '../db/PgDatabase.js';
import type { SqlDatabase } from '../ports/SqlDatabase.js';

/**
 * Fresh databases on a real PostgreSQL server for contract suites: each `open()` creates a database of its own
 * (`sharehub_t_<random>`) through `adminUrl` and answers a `PgDatabase` on it; `dropAll()` drops every one it made.
 * `adminUrl` comes from `TEST_DATABASE_URL`, which `npm run test:e2e` sets (infra's `withServers` finds or starts
 * the server, and fails loudly when none answers).
 */
export function testPostgres(adminUrl: string | undefined): {
  open(): Promise<SqlDatabase>;
  /** Creates a fresh database and answers its URL, for a service process or a proxy to reach it; `dropAll` drops it. */
  create(): Promise<URL>;
  dropAll(): Promise<void>;
} {
  if (!adminUrl) {
    throw new Error('TEST_DATABASE_URL is not set: run the e2e tier through `npm run test:e2e`, or set it');
  }
  const made: string[] = [];
  const opened: PgDatabase[] = [];
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const create = async () => {
    const name = `sharehub_t_${randomBytes(6).toString('hex')}`;
    await admin((client) => client.query(`create database ${name}`));
    made.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url;
  };
  return {
    async open() {
      const db = new PgDatabase((await create()).toString());
      opened.push(db);
      return db;
    },
    create,
    async dropAll() {
      const names = made.splice(0);
      // Close what the tests left open (a second close is refused by pg: ignored), then drop.
      for (const db of opened.splice(0)) await db.close().catch(() => undefined);
      await admin(async (client) => {
        for (const name of names) await client.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}
