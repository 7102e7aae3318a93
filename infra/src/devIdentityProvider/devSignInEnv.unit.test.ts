import { describe, expect, it } from 'vitest';
import { DEV_CLIENT_SECRET } from './devClients.js';
import { devPageClientsFor, devSignInEnv } from './devSignInEnv.js';

const services = [
  { name: 'audit', url: 'http://127.0.0.1:18082' },
  { name: 'inbox', url: 'http://127.0.0.1:18081' },
  { name: 'router' },
  { name: 'gateway', url: 'http://127.0.0.1:8080' },
];

describe('what npm start tells the services of the development provider', () => {
  it('registers the pages at the addresses the inbox and audit service serve on (their ports as set)', () => {
    expect(devPageClientsFor(services).map((c) => [c.clientId, c.publicUrl, c.audience])).toEqual([
      ['sharehub-inbox-pages', 'http://127.0.0.1:18081', 'sharehub-inbox'],
      ['sharehub-audit-pages', 'http://127.0.0.1:18082', 'sharehub-audit'],
    ]);
  });

  it('gives every service the issuer, and the inbox and audit service their pages’ client and address', () => {
    const clients = devPageClientsFor(services);
    const issuer = 'http://127.0.0.1:8083';
    expect(devSignInEnv(issuer, clients, 'gateway')).toEqual({ OIDC_ISSUER: issuer });
    expect(devSignInEnv(issuer, clients, 'router')).toEqual({ OIDC_ISSUER: issuer });
    expect(devSignInEnv(issuer, clients, 'inbox')).toEqual({
      OIDC_ISSUER: issuer,
      PAGE_OIDC_CLIENT_ID: 'sharehub-inbox-pages',
      PAGE_OIDC_CLIENT_SECRET: DEV_CLIENT_SECRET,
      PAGE_PUBLIC_URL: 'http://127.0.0.1:18081',
    });
    expect(devSignInEnv(issuer, clients, 'audit')).toMatchObject({
      PAGE_OIDC_CLIENT_ID: 'sharehub-audit-pages',
      PAGE_PUBLIC_URL: 'http://127.0.0.1:18082',
    });
  });
});
