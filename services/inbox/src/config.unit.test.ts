import { describe, expect, it } from 'vitest';
import { ConfigError } from '@sharehub/kit';
import { settingsRefused } from '@sharehub/kit/testing';
import { readInboxConfig } from './config.js';

describe('inbox config', () => {
  it('defaults to the local broker, port 8081, the embedded database and the reference triage teams', () => {
    const config = readInboxConfig({});
    expect(config).toMatchObject({
      INBOX_PORT: 8081,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      INBOX_TRIAGE_TEAMS: { trafford: 'tr-safeguarding-families', kent: 'kt-safeguarding-families' },
      INBOX_SECURE_COOKIE: false,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads AREAS_DIR, the deployment's areas (unset: the project's own)", () => {
    expect(readInboxConfig({}).AREAS_DIR).toBeUndefined();
    expect(readInboxConfig({ AREAS_DIR: '/srv/areas' }).AREAS_DIR).toBe('/srv/areas');
  });

  it('reads the triage teams as area=teamId pairs', () => {
    expect(readInboxConfig({ INBOX_TRIAGE_TEAMS: 'testshire=ts-sf, kent=kt-sf' }).INBOX_TRIAGE_TEAMS).toEqual(
      {
        testshire: 'ts-sf',
        kent: 'kt-sf',
      },
    );
  });

  it('lists every bad setting at once', () => {
    try {
      readInboxConfig({ INBOX_PORT: 'eighty', INBOX_TRIAGE_TEAMS: 'trafford', INBOX_AUDIT_URL: 'nowhere' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.map((p) => p.path).sort()).toEqual([
        'INBOX_AUDIT_URL',
        'INBOX_PORT',
        'INBOX_TRIAGE_TEAMS',
      ]);
    }
  });

  it('refuses in production the development JWKS and a session cookie without Secure, naming each', () => {
    const refused = (env: Record<string, string>) => settingsRefused(() => readInboxConfig(env));
    expect(refused({ NODE_ENV: 'production' })).toEqual([
      'AUTH_JWKS',
      'PAGE_OIDC_CLIENT_ID',
      'PAGE_PUBLIC_URL',
      'INBOX_SECURE_COOKIE',
    ]);
    const pages = {
      OIDC_ISSUER: 'https://login.example.nhs.uk/tenant/v2.0',
      PAGE_OIDC_CLIENT_ID: 'sharehub-inbox',
      PAGE_PUBLIC_URL: 'https://inbox.example.nhs.uk',
    };
    expect(
      refused({
        NODE_ENV: 'production',
        AUTH_JWKS: 'https://idp.example/jwks',
        INBOX_SECURE_COOKIE: 'true',
        ...pages,
      }),
    ).toEqual([]);
  });

  it('in production, with an OpenID provider set, needs no AUTH_JWKS but refuses a plain-http issuer and token pasting', () => {
    const refused = (env: Record<string, string>) => settingsRefused(() => readInboxConfig(env));
    const production = {
      NODE_ENV: 'production',
      INBOX_SECURE_COOKIE: 'true',
      OIDC_ISSUER: 'https://login.example.nhs.uk/tenant/v2.0',
      PAGE_OIDC_CLIENT_ID: 'sharehub-inbox',
      PAGE_PUBLIC_URL: 'https://inbox.example.nhs.uk',
    };
    expect(refused(production)).toEqual([]);
    expect(refused({ ...production, OIDC_ISSUER: 'http://login.example.nhs.uk' })).toEqual(['OIDC_ISSUER']);
    expect(refused({ ...production, PAGE_TOKEN_SIGN_IN: 'true' })).toEqual(['PAGE_TOKEN_SIGN_IN']);
    expect(refused({ ...production, PAGE_PUBLIC_URL: 'http://inbox.example.nhs.uk' })).toEqual([
      'PAGE_PUBLIC_URL',
    ]);
  });

  it("reads the claim names of the provider's tokens, and refuses a page client without its provider", () => {
    const config = readInboxConfig({
      OIDC_ISSUER: 'https://keycloak.example/realms/trafford',
      OIDC_CLAIM_TEAM: 'sharehub_team',
      OIDC_CLAIM_ROLES: 'realm_access.roles',
    });
    expect([config.OIDC_CLAIM_TEAM, config.OIDC_CLAIM_ROLES, config.OIDC_CLAIM_AREAS]).toEqual([
      'sharehub_team',
      'realm_access.roles',
      'areas',
    ]);
    expect(settingsRefused(() => readInboxConfig({ PAGE_OIDC_CLIENT_ID: 'sharehub-inbox' }))).toEqual([
      'OIDC_ISSUER',
    ]);
  });
});
