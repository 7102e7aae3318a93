import { describe, expect, it } from 'vitest';
import { ConfigError } from '@sharehub/kit';
import { settingsRefused } from '@sharehub/kit/testing';
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
      AUDIT_CHECKPOINT_EVERY: 10_000,
      AUDIT_CHECKPOINT_INTERVAL_MS: 30_000,
      AUDIT_INDEX_FLUSH_ROWS: 5_000,
      AUDIT_INDEX_FLUSH_MS: 1_000,
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

  it('takes Kafka TLS and SASL settings and S3 server-side encryption, refusing a KMS key id without SSE-KMS', () => {
    const config = readAuditConfig({
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'audit',
      KAFKA_SASL_PASSWORD: 'secret',
      S3_SSE: 'aws:kms',
      S3_SSE_KMS_KEY_ID: 'alias/sharehub-audit',
    });
    expect(config).toMatchObject({
      KAFKA_SSL: true,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      S3_SSE: 'aws:kms',
    });
    expect(readAuditConfig({}).S3_SSE).toBe('none');
    expect(() => readAuditConfig({ S3_SSE_KMS_KEY_ID: 'alias/x', S3_SSE: 'AES256' })).toThrow(
      /S3_SSE_KMS_KEY_ID/,
    );
    expect(() => readAuditConfig({ KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toThrow(/KAFKA_SASL_USERNAME/);
  });

  it('refuses in production the development JWKS and signing key, local S3 credentials and a cookie without Secure', () => {
    const refused = (env: Record<string, string>) => settingsRefused(() => readAuditConfig(env));
    expect(refused({ NODE_ENV: 'production' })).toEqual([
      'AUTH_JWKS',
      'PAGE_OIDC_CLIENT_ID',
      'PAGE_PUBLIC_URL',
      'S3_ACCESS_KEY_ID',
      'S3_SECRET_ACCESS_KEY',
      'AUDIT_SECURE_COOKIE',
      'AUDIT_SIGNING_KEY',
    ]);
    const production = {
      NODE_ENV: 'production',
      AUTH_JWKS: 'https://idp.example/jwks',
      OIDC_ISSUER: 'https://login.example.nhs.uk/tenant/v2.0',
      PAGE_OIDC_CLIENT_ID: 'sharehub-audit',
      PAGE_PUBLIC_URL: 'https://ig.example.nhs.uk',
      S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      S3_SECRET_ACCESS_KEY: 'a-secret',
      AUDIT_SECURE_COOKIE: 'true',
    };
    // A key path of this deployment's own that holds no key: production never generates one.
    expect(refused({ ...production, AUDIT_SIGNING_KEY: '/nowhere/signing.private.jwk.json' })).toEqual([
      'AUDIT_SIGNING_KEY',
    ]);
    expect(refused({ ...production, AUDIT_SIGNING_KEY: import.meta.filename })).toEqual([]);
    expect(refused({ ...production, S3_ACCESS_KEY_ID: 'local', S3_SECRET_ACCESS_KEY: 'local' })).toContain(
      'S3_ACCESS_KEY_ID',
    );
  });
});
