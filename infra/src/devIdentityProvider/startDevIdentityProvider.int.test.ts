import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { createLogger } from '@sharehub/kit';
import {
  callerOf,
  createTokenVerifier,
  DEFAULT_CLAIM_NAMES,
  discoverProvider,
  discoverTrustedIssuer,
  SERVICE_AUDIENCES,
  type TokenVerifier,
} from '@sharehub/kit/auth';
import { closeServer, createHttpApp, finishHttpApp } from '@sharehub/kit/http';
import {
  createOidcSignIn,
  createPageSession,
  InMemorySessionStore,
  pageSecurityHeaders,
} from '@sharehub/kit/web';
import { createCookieFetch } from '../testing/followWithCookies.js';
import { DEV_CLIENT_SECRET, DEV_TOKEN_CLIENT, devResourceFor } from './devClients.js';
import { requestDevProviderToken } from './requestDevProviderToken.js';
import {
  DEV_PASSWORD,
  startDevIdentityProvider,
  type DevIdentityProvider,
} from './startDevIdentityProvider.js';

const logger = createLogger('test', { destination: new Writable({ write: (_c, _e, cb) => cb() }) });
let idp: DevIdentityProvider;
let app: { server: Server; url: string };
let sessions: InMemorySessionStore;

/** The pages of a service signing people in through the provider: a page showing who is signed in, and a post. */
async function startPages(issuer: string, publicUrl: string, server: Server): Promise<void> {
  const verifier = createTokenVerifier({
    issuers: [await discoverTrustedIssuer(issuer, SERVICE_AUDIENCES.inbox, DEFAULT_CLAIM_NAMES)],
    audience: SERVICE_AUDIENCES.inbox,
  });
  sessions = new InMemorySessionStore();
  const signIn = await createOidcSignIn({
    issuer,
    clientId: 'inbox-test',
    clientSecret: DEV_CLIENT_SECRET,
    publicUrl,
  });
  const session = createPageSession({
    verifier,
    service: 'Inbox',
    home: '/home',
    oidc: { signIn, sessions },
  });
  const { app: express } = createHttpApp({ service: 'test', logger });
  express.use('/home', pageSecurityHeaders);
  session.mount(express);
  express.get('/home', session.requireCaller, (_req, res) => {
    const caller = callerOf(res);
    res.type('html').send(`hello ${caller.org} (${caller.roles.join()}) in ${caller.areas.join()}`);
  });
  finishHttpApp(express, logger);
  server.on('request', express);
}

beforeAll(async () => {
  // The pages' address must be known before the provider registers the client, so the server listens first.
  const { createServer } = await import('node:http');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  app = { server, url };
  idp = await startDevIdentityProvider({
    port: 0,
    pageClients: [{ clientId: 'inbox-test', publicUrl: url, audience: SERVICE_AUDIENCES.inbox }],
  });
  await startPages(idp.issuer, url, server);
});
afterAll(async () => {
  await closeServer(app.server);
  await idp?.close();
});

async function verifierFor(audience: string): Promise<TokenVerifier> {
  return createTokenVerifier({
    issuers: [await discoverTrustedIssuer(idp.issuer, audience, DEFAULT_CLAIM_NAMES)],
    audience,
  });
}

/** Signs `login` in from `/home`, through the provider's login page; returns the browser and the page's text. */
async function signIn(login: string, password = DEV_PASSWORD) {
  const browser = createCookieFetch();
  const toLogin = await browser.follow(`${app.url}/home`);
  expect(toLogin.res.status).toBe(200);
  const loginUrl = toLogin.visited.at(-1)!;
  expect(loginUrl.startsWith(`${idp.issuer}/interaction/`)).toBe(true);
  const form = await toLogin.res.text();
  const action = /<form method="post" action="([^"]+)"/.exec(form)![1]!;
  const done = await browser.follow(new URL(action, loginUrl).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password }).toString(),
  });
  return { browser, ...done, toLogin };
}

describe('the development identity provider', () => {
  it('gives a police force its token by client credentials: for the gateway, with its force code, publisher role and area', async () => {
    const config = await discoverProvider(idp.issuer, 'GMP', DEV_CLIENT_SECRET);
    const tokens = await client.clientCredentialsGrant(config, {
      resource: devResourceFor(SERVICE_AUDIENCES.gateway),
    });
    const caller = await (await verifierFor(SERVICE_AUDIENCES.gateway)).verify(tokens.access_token);
    expect(caller).toMatchObject({ org: 'GMP', roles: ['publisher'], areas: ['trafford'] });
    // A token for the gateway is no good at the inbox.
    await expect(
      (await verifierFor(SERVICE_AUDIENCES.inbox)).verify(tokens.access_token),
    ).rejects.toMatchObject({
      code: 'TOKEN_CLAIM_INVALID',
    });
  });

  it('gives the development token client the claims it asks for', async () => {
    const config = await discoverProvider(idp.issuer, DEV_TOKEN_CLIENT, DEV_CLIENT_SECRET);
    const tokens = await client.clientCredentialsGrant(config, {
      resource: devResourceFor(SERVICE_AUDIENCES.audit),
      org: 'kent-ig',
      roles: 'auditor',
      areas: 'kent trafford',
    });
    const caller = await (await verifierFor(SERVICE_AUDIENCES.audit)).verify(tokens.access_token);
    expect(caller).toMatchObject({ org: 'kent-ig', roles: ['auditor'], areas: ['kent', 'trafford'] });
  });

  it('has a person per team of the reference directories, and per area a triage team, an IG auditor and an operator', () => {
    const byName = new Map(idp.accounts.map((a) => [a.username, a]));
    expect(byName.get('tr-hv-central')).toMatchObject({
      org: 'tr-hv-central',
      roles: ['recipient'],
      areas: ['trafford'],
    });
    expect(byName.get('kt-hv-maidstone')).toMatchObject({ roles: ['recipient'], areas: ['kent'] });
    expect(byName.get('tr-safeguarding-families')).toMatchObject({
      roles: ['recipient'],
      areas: ['trafford'],
    });
    expect(byName.get('trafford-ig')).toMatchObject({ roles: ['auditor'], areas: ['trafford'] });
    expect(byName.get('kent-operator')).toMatchObject({ roles: ['admin'], areas: ['kent'] });
  });

  it('npm run -s token asks it: a force its own client, anyone else the development client with the claims asked', async () => {
    const gateway = await verifierFor(SERVICE_AUDIENCES.gateway);
    const force = await requestDevProviderToken(idp.issuer, {
      role: 'publisher',
      org: 'KNT',
      areas: ['kent'],
    });
    expect(await gateway.verify(force!)).toMatchObject({ subject: 'KNT', org: 'KNT', areas: ['kent'] });
    const inbox = await verifierFor(SERVICE_AUDIENCES.inbox);
    const team = await requestDevProviderToken(idp.issuer, {
      role: 'recipient',
      org: 'tr-csc-first-response',
      areas: ['trafford'],
    });
    expect(await inbox.verify(team!)).toMatchObject({
      subject: DEV_TOKEN_CLIENT,
      org: 'tr-csc-first-response',
      roles: ['recipient'],
    });
  });

  it('asking a provider that is not running resolves to no token', async () => {
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    await expect(
      requestDevProviderToken(`http://127.0.0.1:${port}`, {
        role: 'publisher',
        org: 'GMP',
        areas: ['trafford'],
      }),
    ).resolves.toBeUndefined();
  });

  it('refuses a wrong password on its login page, and signs nobody in', async () => {
    const { res, visited } = await signIn('tr-hv-central', 'not-the-password');
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Unknown login name or wrong password');
    expect(visited.some((u) => u.startsWith(`${app.url}/auth/callback`))).toBe(false);
  });
});

describe('pages signing a person in through the provider (authorization code flow with PKCE)', () => {
  it('a health visitor is sent to the provider with a PKCE challenge, signs in there, and comes back signed in to the page asked for', async () => {
    const { res, visited, browser, toLogin } = await signIn('tr-hv-central');
    const authorize = new URL(toLogin.visited.find((u) => u.startsWith(`${idp.issuer}/auth?`))!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(visited.at(-1)).toBe(`${app.url}/home`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello tr-hv-central (recipient) in trafford');
    const cookie = [...browser.jar].find(([name]) => name === 'sharehub_inbox_session');
    expect(cookie?.[1]).toMatch(/^[\w-]{43}$/);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, and gives a new session id once signed in (no fixation)', async () => {
    const browser = createCookieFetch();
    const start = await browser.once(`${app.url}/sign-in?next=%2Fhome`);
    expect(start.status).toBe(303);
    const setCookie = start.headers.getSetCookie().find((c) => c.startsWith('sharehub_inbox_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const before = browser.jar.get('sharehub_inbox_session');
    const { res } = await (async () => {
      const login = await browser.follow(start.headers.get('location')!);
      const action = /<form method="post" action="([^"]+)"/.exec(await login.res.text())![1]!;
      return browser.follow(new URL(action, login.visited.at(-1)).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login: 'tr-hv-central', password: DEV_PASSWORD }).toString(),
      });
    })();
    expect(res.status, await res.text()).toBe(200);
    const after = browser.jar.get('sharehub_inbox_session');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(await sessions.get(before!)).toBeUndefined();
  });

  it('refuses a callback whose state is not the one sent (a forged or replayed callback)', async () => {
    const browser = createCookieFetch();
    await browser.once(`${app.url}/sign-in?next=%2Fhome`);
    const res = await browser.once(
      `${app.url}/auth/callback?code=forged&state=not-the-state&iss=${idp.issuer}`,
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toMatch(/sharehub_inbox_session=;/);
    const again = await browser.once(`${app.url}/home`);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/sign-in?next=%2Fhome');
  });

  it("sign-out ends the session and the provider's: the page then asks for the password again", async () => {
    const { browser } = await signIn('tr-hv-central');
    const id = browser.jar.get('sharehub_inbox_session')!;
    const out = await browser.once(`${app.url}/sign-out`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(out.status).toBe(303);
    expect(await sessions.get(id)).toBeUndefined();
    const end = new URL(out.headers.get('location')!);
    expect(`${end.origin}${end.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${app.url}/signed-out`);
    expect(end.searchParams.get('id_token_hint')).toBeTruthy();
    // The provider asks to confirm; confirming lands on the pages' signed-out page.
    const confirm = await browser.follow(end.href);
    const page = await confirm.res.text();
    const action =
      /<form[^>]*id="op.logoutForm"[^>]*action="([^"]+)"|<form[^>]*action="([^"]+)"[^>]*id="op.logoutForm"/.exec(
        page,
      )!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)![1]!;
    const done = await browser.follow(new URL(action[1] ?? action[2]!, confirm.visited.at(-1)).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(done.visited.at(-1)).toBe(`${app.url}/signed-out`);
    expect(await done.res.text()).toContain('You have signed out');
    // The page asked again goes back to the provider's login page, not to the page.
    const back = await browser.follow(`${app.url}/home`);
    expect(back.visited.at(-1)!.startsWith(`${idp.issuer}/interaction/`)).toBe(true);
    expect(await back.res.text()).toContain('Login name');
  });

  it('pages a session reaches say no-store and let forms lead to the provider (sign-out redirects there)', async () => {
    const { browser } = await signIn('tr-hv-central');
    const res = await browser.once(`${app.url}/home`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain(`form-action 'self' ${idp.issuer}`);
  });
});
