#!/usr/bin/env node
// `npm run -s audit:rotate-key`: introduces a new checkpoint signing key in the audit bucket, signed by the current
// key, and makes it the signing key (restart the audit service to sign with it). Prints {from, to} on stdout.
import { ConfigError } from '@sharehub/kit';
import { readAuditConfig } from '../config.js';
import { checkSigningKey } from '../log/checkpointKeyChain.js';
import { ensureSigningKey } from '../log/ensureSigningKey.js';
import { rotateSigningKey } from '../log/rotateSigningKey.js';
import { openAuditStores } from '../openAuditStores.js';

const fail = (message: string): never => {
  process.stderr.write(`audit:rotate-key: ${message}\n`);
  process.exit(2);
};

let config: ReturnType<typeof readAuditConfig>;
try {
  config = readAuditConfig(process.env);
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}
const stores = await openAuditStores(config!, { createBucket: false });
try {
  const key = await ensureSigningKey(config!.AUDIT_SIGNING_KEY, config!.AUDIT_JWKS);
  // Only a key the log trusts may introduce the next one.
  await checkSigningKey(stores.blobs, config!.AUDIT_LOG_ID, key, key.jwks.keys);
  const rotated = await rotateSigningKey({
    blobs: stores.blobs,
    logId: config!.AUDIT_LOG_ID,
    current: key,
    privatePath: config!.AUDIT_SIGNING_KEY,
    jwksPath: config!.AUDIT_JWKS,
  });
  process.stdout.write(`${JSON.stringify(rotated)}\n`);
  await stores.close();
} catch (err) {
  await stores.close().catch(() => undefined);
  fail((err as Error).message);
}
