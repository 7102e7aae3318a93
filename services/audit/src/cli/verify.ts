#!/usr/bin/env node
// `npm run -s verify [-- options]`: rebuilds the audit log from its S3 segments, checks every checkpoint signature,
// inclusion and consistency, and that the index agrees with the log. Prints a JSON report on stdout and progress on
// stderr; exits 0 when all is well, 1 naming the first bad leaf when something is wrong, 2 when it cannot run.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import { ConfigError } from '@sharehub/kit';
import { readAuditConfig } from '../config.js';
import { openAuditStores, type AuditStores } from '../openAuditStores.js';
import { trustedCheckpointKeys } from '../log/checkpointKeyChain.js';
import { verifyAudit } from '../verify/verifyAudit.js';

const USAGE = `usage: npm run -s verify -- [options]   (each also settable by its environment variable)
  --s3-endpoint URL     S3_ENDPOINT    (default the local S3 server)
  --bucket NAME         AUDIT_BUCKET   (default sharehub-audit)
  --log-id ID           AUDIT_LOG_ID   (default audit)
  --database-url URL    DATABASE_URL   (default the embedded PGlite in AUDIT_DATA_DIR; stop the service first)
  --data-dir DIR        AUDIT_DATA_DIR
  --db-schema NAME      AUDIT_DB_SCHEMA
  --jwks FILE           AUDIT_JWKS     (the trusted checkpoint keys; keys the log keeps are trusted when one of
                                        these introduced them, along the chain of rotations)
  --inclusion all|sample  prove every leaf into its checkpoint (default) or the first and last of each
  --no-index            check the stored log alone
  --quiet               no progress on stderr`;

const OPTION_ENV: Record<string, string> = {
  's3-endpoint': 'S3_ENDPOINT',
  bucket: 'AUDIT_BUCKET',
  'log-id': 'AUDIT_LOG_ID',
  'database-url': 'DATABASE_URL',
  'data-dir': 'AUDIT_DATA_DIR',
  'db-schema': 'AUDIT_DB_SCHEMA',
  jwks: 'AUDIT_JWKS',
};

const fail = (message: string): never => {
  process.stderr.write(`verify: ${message}\n`);
  process.exit(2);
};

let args: ReturnType<typeof parse>;
const parse = () =>
  parseArgs({
    options: {
      ...Object.fromEntries(Object.keys(OPTION_ENV).map((name) => [name, { type: 'string' as const }])),
      inclusion: { type: 'string', default: 'all' },
      'no-index': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
try {
  args = parse();
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
const values = args!.values as Record<string, string | boolean | undefined>;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (values.inclusion !== 'all' && values.inclusion !== 'sample') fail('--inclusion is all or sample');

const overrides = Object.fromEntries(
  Object.entries(OPTION_ENV).flatMap(([option, env]) =>
    typeof values[option] === 'string' ? [[env, values[option]]] : [],
  ),
);
let config: ReturnType<typeof readAuditConfig>;
try {
  config = readAuditConfig({ ...process.env, ...overrides });
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}
if (!existsSync(config!.AUDIT_JWKS)) fail(`no checkpoint JWKS at ${config!.AUDIT_JWKS} (see --jwks)`);
const publicKeys = JSON.parse(readFileSync(config!.AUDIT_JWKS, 'utf8')) as { keys: JWK[] };
const progress = values.quiet ? undefined : (line: string) => process.stderr.write(`[verify] ${line}\n`);

let stores: AuditStores | undefined;
try {
  stores = await openAuditStores(config!, { createBucket: false });
  const report = await verifyAudit({
    logId: config!.AUDIT_LOG_ID,
    blobs: stores.blobs,
    // The configured keys anchor the chain of keys kept with the log (every rotation), so old and new
    // checkpoints verify alike.
    publicKeys: await trustedCheckpointKeys(stores.blobs, config!.AUDIT_LOG_ID, publicKeys.keys),
    ...(values['no-index'] ? {} : { index: stores.index }),
    inclusion: values.inclusion as 'all' | 'sample',
    ...(progress ? { progress } : {}),
  });
  process.stdout.write(`${JSON.stringify({ bucket: config!.AUDIT_BUCKET, ...report }, null, 2)}\n`);
  if (!report.ok)
    process.stderr.write(
      `[verify] FAILED: ${report.problems.length + report.problemsOmitted} problem(s)` +
        (report.firstBadLeaf !== undefined ? `; first bad leaf ${report.firstBadLeaf}` : '') +
        '\n',
    );
  await stores.close();
  process.exit(report.ok ? 0 : 1);
} catch (err) {
  await stores?.close().catch(() => undefined);
  fail(`cannot verify: ${(err as Error).message}`);
}
