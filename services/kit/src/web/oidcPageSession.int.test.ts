import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySessionStore } from '../adapters/InMemorySessionStore.js';
import { SERVICE_AUDIENCES } from '../auth/audiences.js';
import { callerOf, createTokenVerifier } from '../auth/createTokenVerifier.js';
import { DEV_ISSUER, ensureDevKeys, signDevToken } from '../auth/devKeys.js';
import { AuthError } from '../errors.js';
import { createHttpApp } from '../http/createHttpApp.js';
import { finishHttpApp } from '../http/finishHttpApp.js';
import { closeServer, listen } from '../http/listen.js';
import { createLogger } from '../logger.js';
import type { OidcSignIn } from './createOidcSignIn.js';
import { createPageSession } from './pageSession.js';
import { pageSecurityHeaders } from './pageSecurityHeaders.js';

// The page session's provider side against a stand-in OidcSignIn (the port openid-client sits behind) whose provider
// has no end_session_endpoint and whose tokens the test chooses; the real provider is infra's int test.
const keysDir = mkdtempSync(join(tmpdir(), 'keys-'));
const logger = createLogger('test', { destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const sessions = new InMemorySessionStore();
let nextAccessToken = '';
const signIn: OidcSignIn = {
  providerOrigin: 'https://idp.example',
  start: (next) =>
    Promise.resolve({
      url: new URL('https://idp.example/authorize'),
      pending: { kind: 'signing-in', codeVerifier: 'v', state: 'the-state', nonce: 'n', next },
    }),
  complete: (path, pending) =>
    new URL(path, 'http://x').searchParams.get('state') === pending.state
      ? Promise.resolve({ accessToken: nextAccessToken })
      : Promise.reject(new AuthError('SIGN_IN_FAILED', 'The identity provider did not sign you in')),
  endSessionUrl: () => undefined,
};
let server: Server;
let url: string;
let both: { server: Server; url: string };

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keysDir);
  const verifier = createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.inbox });
  const session = createPageSession({
    verifier,
    service: 'Inbox',
    home: '/home',
    oidc: { signIn, sessions },
  });
  const { app } = createHttpApp({ service: 'test', logger });
  app.use('/home', pageSecurityHeaders);
  session.mount(app);
  app.get('/home', session.requireCaller, (_req, res) => {
    res.type('html').send(`hello ${callerOf(res).org}`);
  });
  finishHttpApp(app, logger);
  ({ server, url } = await listen(app, 0, '127.0.0.1'));
  // Development with both: the provider, and pasting a token (PAGE_TOKEN_SIGN_IN=true).
  const withToken = createPageSession({
    verifier,
    service: 'Inbox',
    home: '/home',
    oidc: { signIn, sessions },
    tokenSignIn: true,
  });
  const second = createHttpApp({ service: 'test', logger }).app;
  withToken.mount(second);
  finishHttpApp(second, logger);
  both = await listen(second, 0, '127.0.0.1');
});
afterAll(async () => {
  await closeServer(server);
  await closeServer(both.server);
});

/** Signs in with `accessToken` as what the provider returns; the session cookie (`name=value`). */
async function signedIn(accessToken: string): Promise<string> {
  nextAccessToken = accessToken;
  const start = await fetch(`${url}/sign-in?next=%2Fhome`, { redirect: 'manual' });
  expect(start.headers.get('location')).toBe('https://idp.example/authorize');
  const pending = start.headers.getSetCookie()[0]!.split(';')[0]!;
  const back = await fetch(`${url}/auth/callback?code=c&state=the-state`, {
    redirect: 'manual',
    headers: { cookie: pending },
  });
  expect(back.status).toBe(303);
  expect(back.headers.get('location')).toBe('/home');
  return back.headers.getSetCookie()[0]!.split(';')[0]!;
}
const token = (expiresIn = '1h') =>
  signDevToken(keysDir, { role: 'recipient', org: 'tr-hv-central', areas: ['trafford'], expiresIn });

describe('page sessions through an identity provider', () => {
  it('without the provider’s end-session endpoint, sign-out deletes the session, clears both cookies and lands on /signed-out', async () => {
    const cookie = await signedIn(await token());
    expect(await (await fetch(`${url}/home`, { headers: { cookie } })).text()).toBe('hello tr-hv-central');
    const out = await fetch(`${url}/sign-out`, { method: 'POST', redirect: 'manual', headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/signed-out');
    const cleared = out.headers.getSetCookie().map((c) => c.split('=')[0]);
    expect(cleared).toEqual(['sharehub_inbox_session', 'sharehub_token']);
    expect(await sessions.get(cookie.split('=')[1]!)).toBeUndefined();
    const again = await fetch(`${url}/home`, { redirect: 'manual', headers: { cookie } });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/sign-in?next=%2Fhome');
    const page = await fetch(`${url}/signed-out`);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('You have signed out');
  });

  it('a sign-out posted from another site is refused and the session stays', async () => {
    const cookie = await signedIn(await token());
    const out = await fetch(`${url}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(out.status).toBe(403);
    expect(await sessions.get(cookie.split('=')[1]!)).toMatchObject({ kind: 'signed-in' });
  });

  it('a session whose access token no longer verifies is ended, and the page asks for sign-in again', async () => {
    const cookie = await signedIn(await token());
    const id = cookie.split('=')[1]!;
    // As a store shared by several instances might keep it: the session outlives its (now expired) token.
    await sessions.set(id, { kind: 'signed-in', accessToken: await token('-1m') }, 60_000);
    const res = await fetch(`${url}/home`, { redirect: 'manual', headers: { cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fhome');
    expect(await sessions.get(id)).toBeUndefined();
  });

  it('a callback without a sign-in under way, or with another state, signs nobody in', async () => {
    const none = await fetch(`${url}/auth/callback?code=c&state=the-state`, { redirect: 'manual' });
    expect(none.status).toBe(401);
    expect(await none.text()).toContain('expired');
    const start = await fetch(`${url}/sign-in?next=%2Fhome`, { redirect: 'manual' });
    const pending = start.headers.getSetCookie()[0]!.split(';')[0]!;
    const wrong = await fetch(`${url}/auth/callback?code=c&state=another`, {
      redirect: 'manual',
      headers: { cookie: pending },
    });
    expect(wrong.status).toBe(401);
    expect(await sessions.get(pending.split('=')[1]!)).toBeUndefined();
  });

  it('offers no token pasting when signing in through the provider (development setting off)', async () => {
    const res = await fetch(`${url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: await token() }).toString(),
    });
    expect(res.status).toBe(404);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('with token pasting on too (development), the sign-in page offers both, and its link goes to the provider', async () => {
    const page = await (await fetch(`${both.url}/sign-in?next=%2Fhome`)).text();
    expect(page).toContain('href="/sign-in/provider?next=%2Fhome"');
    expect(page).toContain('id="token" name="token"');
    const go = await fetch(`${both.url}/sign-in/provider?next=%2Fhome`, { redirect: 'manual' });
    expect(go.status).toBe(303);
    expect(go.headers.get('location')).toBe('https://idp.example/authorize');
    const pasted = await fetch(`${both.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: await token(), next: '/home' }).toString(),
    });
    expect(pasted.status).toBe(303);
    expect(pasted.headers.getSetCookie()[0]).toMatch(/^sharehub_token=/);
  });
});
