import { describe, expect, it } from 'vitest';
import { ConfigError } from '@sharehub/kit';
import { readAuditConfig } from './config.js';

describe('readAuditConfig', () => {
  it('has working defaults: port 8082, audit.record, the sharehub-audit bucket, 7 years of retention', () => {
    const config = readAuditConfig({});
    expect(config).toMatchObject({
      AUDIT_PORT: 8082,
      AUDIT_TOPIC: 'audit.record',
      AUDIT_BUCKET: 'sharehub-audit',
      AUDIT_LOG_ID: 'audit',
      AUDIT_RETENTION_DAYS: 2557,
      AUDIT_CHECKPOINT_EVERY: 1000,
      AUDIT_CHECKPOINT_INTERVAL_MS: 10_000,
    });
    expect(config.AUDIT_SIGNING_KEY).toMatch(/infra\/keys\/audit-signing-key\.private\.jwk\.json$/);
    expect(config.AUDIT_JWKS).toMatch(/infra\/keys\/audit-jwks\.json$/);
    expect(config.AUDIT_DATA_DIR).toMatch(/\.data\/audit$/);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every bad setting at once', () => {
    let error: unknown;
    try {
      readAuditConfig({
        AUDIT_PORT: 'x',
        AUDIT_CHECKPOINT_EVERY: '0',
        AUDIT_LOG_ID: '../etc',
        S3_ENDPOINT: 'nope',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.path).sort()).toEqual([
      'AUDIT_CHECKPOINT_EVERY',
      'AUDIT_LOG_ID',
      'AUDIT_PORT',
      'S3_ENDPOINT',
    ]);
  });
});
