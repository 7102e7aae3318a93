import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerOf, createTokenVerifier } from '../auth/createTokenVerifier.js';
import { SERVICE_AUDIENCES } from '../auth/audiences.js';
import { DEV_ISSUER, ensureDevKeys, signDevToken } from '../auth/devKeys.js';
import { createHttpApp } from '../http/createHttpApp.js';
import { finishHttpApp } from '../http/finishHttpApp.js';
import { closeServer, listen } from '../http/listen.js';
import { createLogger } from '../logger.js';
import { createPageSession } from './pageSession.js';

const keysDir = mkdtempSync(join(tmpdir(), 'keys-'));
const logger = createLogger('test', { destination: new Writable({ write: (_c, _e, cb) => cb() }) });
let server: Server;
let url: string;

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keysDir);
  const verifier = createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.inbox });
  const session = createPageSession({ verifier, service: 'Test', home: '/home' });
  const { app } = createHttpApp({ service: 'test', logger });
  session.mount(app);
  app.get('/home', session.requireCaller, (_req, res) => {
    res.type('html').send(`hello ${callerOf(res).org}`);
  });
  app.post('/act', session.requireCaller, (_req, res) => {
    res.type('html').send('done');
  });
  finishHttpApp(app, logger);
  ({ server, url } = await listen(app, 0, '127.0.0.1'));
});
afterAll(async () => closeServer(server));

const signIn = (token: string, next = '/home', headers: Record<string, string> = {}) =>
  fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ token, next }).toString(),
  });

describe('page sign-in with a token', () => {
  it('a page without a session redirects to the sign-in form, which asks for the token', async () => {
    const res = await fetch(`${url}/home?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fhome%3Fx%3D1');
    const form = await (await fetch(`${url}/sign-in?next=%2Fhome`)).text();
    expect(form).toMatch(/<textarea class="nhsuk-textarea" id="token" name="token"/);
    expect(form).toContain('value="/home"');
  });

  it('a valid token sets an HttpOnly, SameSite=Strict cookie and goes back to the page', async () => {
    const token = await signDevToken(keysDir, {
      role: 'recipient',
      org: 'tr-hv-central',
      areas: ['trafford'],
    });
    const res = await signIn(token);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/home');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sharehub_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const page = await fetch(`${url}/home`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(await page.text()).toBe('hello tr-hv-central');
  });

  it('an invalid or expired token is refused with the reason, and sets no cookie', async () => {
    const expired = await signDevToken(keysDir, {
      role: 'recipient',
      org: 'tr-hv-central',
      areas: [],
      expiresIn: '-1m',
    });
    for (const [token, reason] of [
      ['not-a-token', 'not a valid signed JWT'],
      [expired, 'expired'],
    ] as const) {
      const res = await signIn(token);
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toContain(reason);
    }
  });

  it('never redirects off the site after sign-in', async () => {
    const token = await signDevToken(keysDir, { role: 'recipient', org: 'tr-hv-central', areas: [] });
    for (const next of ['//evil.example/x', 'https://evil.example/', 'javascript:alert(1)'])
      expect((await signIn(token, next)).headers.get('location')).toBe('/home');
  });

  it('refuses a sign-in posted from another site (login CSRF), by Sec-Fetch-Site or else Origin', async () => {
    const token = await signDevToken(keysDir, { role: 'recipient', org: 'tr-hv-central', areas: [] });
    for (const headers of [
      { 'sec-fetch-site': 'cross-site' } as Record<string, string>,
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ]) {
      const res = await signIn(token, '/home', headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(((await res.json()) as { code: string }).code).toBe('CROSS_SITE_REQUEST');
    }
    for (const headers of [{ 'sec-fetch-site': 'same-origin' }, { origin: url }, {}] as Array<
      Record<string, string>
    >)
      expect((await signIn(token, '/home', headers)).status, JSON.stringify(headers)).toBe(303);
  });

  it('refuses a state-changing form posted from another site, and a cross-site sign-out', async () => {
    const token = await signDevToken(keysDir, { role: 'recipient', org: 'tr-hv-central', areas: [] });
    const cookie = (await signIn(token)).headers.get('set-cookie')!.split(';')[0]!;
    const act = (headers: Record<string, string>) =>
      fetch(`${url}/act`, { method: 'POST', redirect: 'manual', headers: { cookie, ...headers } });
    expect((await act({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await act({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await act({ 'sec-fetch-site': 'same-origin', origin: url })).status).toBe(200);
    const signOut = await fetch(`${url}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(signOut.status).toBe(403);
    expect(signOut.headers.get('set-cookie')).toBeNull();
  });
});
