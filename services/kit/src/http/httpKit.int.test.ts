import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair, importJWK, type JWK } from 'jose';
import { readFileSync } from 'node:fs';
import { createHttpApp } from './createHttpApp.js';
import { finishHttpApp } from './finishHttpApp.js';
import { closeServer, listen } from './listen.js';
import { createTokenVerifier, requireRole, callerOf } from '../auth/createTokenVerifier.js';
import { SERVICE_AUDIENCES } from '../auth/audiences.js';
import { DEV_ISSUER, devKeyPaths, ensureDevKeys, signDevToken } from '../auth/devKeys.js';
import { createLogger } from '../logger.js';
import { ValidationError } from '../errors.js';
import type { Server } from 'node:http';

const keysDir = mkdtempSync(join(tmpdir(), 'keys-'));
const logger = createLogger('test', { destination: new Writable({ write: (_c, _e, cb) => cb() }) });
let server: Server;
let url: string;

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keysDir);
  const verifier = createTokenVerifier({
    jwks,
    issuer: DEV_ISSUER,
    audience: SERVICE_AUDIENCES.gateway,
    maxTokenAgeSeconds: 600,
  });
  const { app } = createHttpApp({ service: 'test', logger, bodyLimitBytes: 1024 });
  app.post('/echo', verifier.authenticate, requireRole('publisher'), (req, res, next) => {
    const body = req.body as { n?: unknown };
    if (typeof body.n !== 'number')
      return next(new ValidationError([{ path: 'n', code: 'REQUIRED', message: 'n is required' }]));
    res.status(202).json({ org: callerOf(res).org, n: body.n });
  });
  finishHttpApp(app, logger);
  ({ server, url } = await listen(app, 0, '127.0.0.1'));
});
afterAll(async () => closeServer(server));

/** A token signed with the development key exactly as given: the claims and header a test chooses. */
async function handMade(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const jwk = JSON.parse(readFileSync(devKeyPaths(keysDir).privateJwk, 'utf8')) as JWK & { kid: string };
  return new SignJWT({ org: 'GMP', roles: ['publisher'], areas: [], ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid, ...header })
    .setIssuer(DEV_ISSUER)
    .setAudience(SERVICE_AUDIENCES.gateway)
    .sign(await importJWK(jwk, 'EdDSA'));
}
const nowS = () => Math.floor(Date.now() / 1000);

const post = (token: string | undefined, body: string) =>
  fetch(`${url}/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });

describe('HTTP kit with token verification', () => {
  it('lets a valid publisher token through', async () => {
    const token = await signDevToken(keysDir, { role: 'publisher', org: 'GMP', areas: ['trafford'] });
    const res = await post(token, '{"n":1}');
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ org: 'GMP', n: 1 });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it.each([
    ['no token', async () => undefined, 'TOKEN_MISSING'],
    [
      'an expired token',
      async () => signDevToken(keysDir, { role: 'publisher', org: 'GMP', areas: [], expiresIn: '-1m' }),
      'TOKEN_EXPIRED',
    ],
    [
      'the wrong audience',
      async () => signDevToken(keysDir, { role: 'publisher', org: 'GMP', areas: [], audience: 'other' }),
      'TOKEN_CLAIM_INVALID',
    ],
    [
      'an unknown key',
      async () => {
        const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
        return new SignJWT({ org: 'GMP', roles: ['publisher'], areas: [] })
          .setProtectedHeader({ alg: 'EdDSA', kid: 'someone-else' })
          .setIssuer(DEV_ISSUER)
          .setAudience(SERVICE_AUDIENCES.gateway)
          .setExpirationTime('1h')
          .sign(privateKey);
      },
      'TOKEN_UNKNOWN_KEY',
    ],
    ['garbage', async () => 'not.a.jwt', 'TOKEN_INVALID'],
    [
      "another service's token (the inbox's)",
      async () => signDevToken(keysDir, { role: 'recipient', org: 'GMP', areas: [] }),
      'TOKEN_CLAIM_INVALID',
    ],
    [
      'a publisher token made out for the audit service',
      async () =>
        signDevToken(keysDir, {
          role: 'publisher',
          org: 'GMP',
          areas: [],
          audience: SERVICE_AUDIENCES.audit,
        }),
      'TOKEN_CLAIM_INVALID',
    ],
    ['a token with no exp', async () => handMade({ iat: nowS() }), 'TOKEN_CLAIM_MISSING'],
    ['a token with no iat', async () => handMade({ exp: nowS() + 60 }), 'TOKEN_CLAIM_MISSING'],
    [
      'a token older than the maximum age, however late its exp',
      async () => handMade({ iat: nowS() - 601, exp: nowS() + 86_400 }),
      'TOKEN_EXPIRED',
    ],
    [
      'a token issued in the future',
      async () => handMade({ iat: nowS() + 600, exp: nowS() + 1200 }),
      'TOKEN_CLAIM_INVALID',
    ],
    [
      'an ID token (typ id+jwt)',
      async () => handMade({ iat: nowS(), exp: nowS() + 60 }, { typ: 'id+jwt' }),
      'TOKEN_TYPE',
    ],
  ])('refuses %s with a 401 problem', async (_name, makeToken, code) => {
    const res = await post(await makeToken(), '{"n":1}');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe(code);
  });

  it.each([
    ['JWT', { typ: 'JWT' }],
    ['at+jwt', { typ: 'at+jwt' }],
    ['application/at+JWT', { typ: 'application/at+JWT' }],
    ['no typ', {}],
  ])('accepts a token of type %s', async (_name, header) => {
    const res = await post(await handMade({ iat: nowS(), exp: nowS() + 60 }, header), '{"n":1}');
    expect(res.status).toBe(202);
  });

  it('refuses a token without the role with 403', async () => {
    const token = await signDevToken(keysDir, {
      role: 'recipient',
      org: 'tr-hv-north',
      areas: ['trafford'],
      audience: SERVICE_AUDIENCES.gateway,
    });
    const res = await post(token, '{"n":1}');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('ROLE_REQUIRED');
  });

  it('answers 400 with field paths, 400 for bad JSON, 413 over the limit, 404 for unknown routes', async () => {
    const token = await signDevToken(keysDir, { role: 'publisher', org: 'GMP', areas: [] });
    const invalid = await post(token, '{}');
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'n', code: 'REQUIRED' }],
    });
    const badJson = await post(token, '{');
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { code: string }).code).toBe('INVALID_JSON');
    const big = await post(token, JSON.stringify({ n: 1, pad: 'x'.repeat(2000) }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
    const missing = await fetch(`${url}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('serves health, readiness and metrics', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain(
      'sharehub_test_http_request_duration_seconds',
    );
  });
});

describe('failed authentication from one client', () => {
  let limited: Server;
  let limitedUrl: string;
  beforeAll(async () => {
    const { jwks } = await ensureDevKeys(keysDir);
    const verifier = createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.gateway });
    const { app } = createHttpApp({
      service: 'limited',
      logger,
      authFailures: { limit: 3, windowMs: 60_000 },
    });
    app.get('/who', verifier.authenticate, (_req, res) => {
      res.json({ org: callerOf(res).org });
    });
    app.get('/forbidden', verifier.authenticate, requireRole('auditor'), (_req, res) => {
      res.json({});
    });
    finishHttpApp(app, logger);
    ({ server: limited, url: limitedUrl } = await listen(app, 0, '127.0.0.1'));
  });
  afterAll(async () => closeServer(limited));
  const who = (token?: string, path = '/who') =>
    fetch(`${limitedUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('gets 429 with Retry-After once it has failed the limit, however good its next token; others do not count', async () => {
    const good = await signDevToken(keysDir, { role: 'publisher', org: 'GMP', areas: [] });
    for (let i = 0; i < 5; i++) {
      expect((await who(good)).status).toBe(200);
      expect((await who(good, '/forbidden')).status).toBe(403);
    }
    for (let i = 0; i < 3; i++) expect((await who('not.a.jwt')).status).toBe(401);
    for (const res of [await who('not.a.jwt'), await who(good), await who()]) {
      expect(res.status).toBe(429);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(((await res.json()) as { code: string }).code).toBe('AUTH_FAILURES_LIMITED');
    }
    expect((await fetch(`${limitedUrl}/healthz`)).status).toBe(200);
  });
});

describe('HTTP kit requests', () => {
  const appWith = async (level: 'info' | 'debug', lines: string[]) => {
    const log = createLogger('test', {
      level,
      destination: new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(chunk.toString()), cb()) }),
    });
    const { app } = createHttpApp({
      service: 'test',
      logger: log,
      bodyLimitBytes: 100,
      bodyLimitsByPath: { '/big': 10_000 },
    });
    for (const path of ['/small', '/big'])
      app.post(path, (req, res) => res.json({ size: JSON.stringify(req.body).length }));
    finishHttpApp(app, log);
    return listen(app, 0, '127.0.0.1');
  };
  const send = (base: string, path: string, bytes: number) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ s: 'x'.repeat(bytes) }),
    });

  it('takes a body up to the limit of its path (bodyLimitsByPath), others up to bodyLimitBytes', async () => {
    const started = await appWith('info', []);
    try {
      expect((await send(started.url, '/big', 5000)).status).toBe(200);
      expect((await send(started.url, '/small', 5000)).status).toBe(413);
      expect((await send(started.url, '/big', 20_000)).status).toBe(413);
    } finally {
      await closeServer(started.server);
    }
  });

  it('logs no line per request at info, and one at debug', async () => {
    for (const [level, expected] of [
      ['info', 0],
      ['debug', 1],
    ] as const) {
      const lines: string[] = [];
      const started = await appWith(level, lines);
      try {
        expect((await send(started.url, '/small', 10)).status).toBe(200);
        await closeServer(started.server);
        expect(lines.filter((l) => l.includes('"request"'))).toHaveLength(expected);
      } finally {
        started.server.close();
      }
    }
  });
});
