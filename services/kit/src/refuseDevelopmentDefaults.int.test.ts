import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDevKeys } from './auth/devKeys.js';
import { ConfigError } from './errors.js';
import {
  DEV_KEY_HASH_SECRET,
  productionRules,
  refuseDevelopmentDefaults,
  type ProductionRule,
} from './refuseDevelopmentDefaults.js';

type Settings = Record<string, unknown> & { NODE_ENV: string };
const refused = (config: Settings, rules: Record<string, readonly ProductionRule[]>) => {
  try {
    refuseDevelopmentDefaults<Settings>(config, rules);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
};

describe('refuseDevelopmentDefaults', () => {
  it('names every setting on a development value in production, and why', async () => {
    const devKeys = mkdtempSync(join(tmpdir(), 'dev-keys-'));
    const { jwks: devJwks } = await ensureDevKeys(devKeys);
    const rules = {
      AUTH_JWKS: [productionRules.jwksSource],
      HTTP_JWKS: [productionRules.jwksSource],
      SECRET: [productionRules.notDevelopmentDefault(DEV_KEY_HASH_SECRET, 'key-hash secret')],
      S3_KEY: [productionRules.s3Credential],
      S3_SECRET: [productionRules.s3Credential],
      SECURE: [productionRules.mustBeOn('cookies carry tokens')],
      KEY: [productionRules.existingFile('signing key')],
    };
    const problems = refused(
      {
        NODE_ENV: 'production',
        AUTH_JWKS: devJwks,
        HTTP_JWKS: 'http://idp.example/jwks',
        SECRET: DEV_KEY_HASH_SECRET,
        S3_KEY: undefined,
        S3_SECRET: 'local',
        SECURE: false,
        KEY: join(devKeys, 'missing.jwk.json'),
      },
      rules,
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'AUTH_JWKS',
      'HTTP_JWKS',
      'SECRET',
      'S3_KEY',
      'S3_SECRET',
      'SECURE',
      'KEY',
    ]);
    expect(problems.join('\n')).toMatch(
      /development JWKS[\s\S]*plain-http[\s\S]*development key-hash secret/,
    );
  });

  it('accepts production values, and checks nothing outside production', () => {
    const keys = mkdtempSync(join(tmpdir(), 'prod-keys-'));
    const publicJwks = join(keys, 'jwks.json');
    const key = join(keys, 'signing.jwk.json');
    writeFileSync(publicJwks, '{"keys":[]}');
    writeFileSync(key, '{}');
    const rules = {
      AUTH_JWKS: [productionRules.jwksSource],
      HTTPS_JWKS: [productionRules.jwksSource],
      SECRET: [productionRules.notDevelopmentDefault(DEV_KEY_HASH_SECRET, 'key-hash secret')],
      S3_KEY: [productionRules.s3Credential],
      SECURE: [productionRules.mustBeOn('cookies carry tokens')],
      KEY: [productionRules.existingFile('signing key')],
    };
    const production = {
      NODE_ENV: 'production',
      AUTH_JWKS: publicJwks,
      HTTPS_JWKS: 'https://idp.example/jwks',
      SECRET: 'a-secret-of-this-deployment',
      S3_KEY: 'AKIAEXAMPLE',
      SECURE: true,
      KEY: key,
    };
    expect(refused(production, rules)).toEqual([]);
    expect(refused({ NODE_ENV: 'development', SECRET: DEV_KEY_HASH_SECRET, SECURE: false }, rules)).toEqual(
      [],
    );
  });
});
