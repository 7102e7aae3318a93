import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The settings that give an audit service process a log of its own beside other runs on the same servers: its own
 * consumer group and bucket (named after `run`), and a fresh data folder and checkpoint signing key. The caller adds
 * its topics and any tuning.
 */
export function isolatedAuditEnv(
  run: string,
  servers: { readonly kafkaBrokers: readonly string[]; readonly s3Endpoint: string },
  authJwks: string,
): Record<string, string> {
  const keys = mkdtempSync(join(tmpdir(), 'audit-keys-'));
  return {
    KAFKA_BROKERS: servers.kafkaBrokers.join(','),
    S3_ENDPOINT: servers.s3Endpoint,
    AUDIT_PORT: '0',
    AUDIT_GROUP_ID: `audit-${run}`,
    AUDIT_BUCKET: `audit-${run}`,
    AUDIT_DATA_DIR: mkdtempSync(join(tmpdir(), 'audit-data-')),
    AUDIT_SIGNING_KEY: join(keys, 'signing.private.jwk.json'),
    AUDIT_JWKS: join(keys, 'audit-jwks.json'),
    AUTH_JWKS: authJwks,
  };
}
