import { describe, expect, it } from 'vitest';
import { settingsRefused } from '@sharehub/kit/testing';
import { readGatewayConfig } from './config.js';

const refusedSettings = (env: Record<string, string>) => settingsRefused(() => readGatewayConfig(env));

describe('gateway config in production', () => {
  it('refuses the development JWKS and the published key-hash secret, naming each', () => {
    expect(refusedSettings({ NODE_ENV: 'production' })).toEqual(['AUTH_JWKS', 'KEY_HASH_SECRET']);
    expect(
      refusedSettings({
        NODE_ENV: 'production',
        AUTH_JWKS: 'http://idp.example/jwks',
        KEY_HASH_SECRET: 'a-secret-of-this-deployment',
      }),
    ).toEqual(['AUTH_JWKS']);
  });

  it('starts on production settings, and on development defaults outside production', () => {
    const production = {
      NODE_ENV: 'production',
      AUTH_JWKS: 'https://idp.example/jwks',
      KEY_HASH_SECRET: 'a-secret-of-this-deployment',
    };
    expect(refusedSettings(production)).toEqual([]);
    expect(readGatewayConfig(production).AUTH_AUDIENCE).toBe('sharehub-gateway');
    expect(refusedSettings({})).toEqual([]);
  });
});
