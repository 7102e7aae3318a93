import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair } from 'jose';
import { createHttpApp } from './createHttpApp.js';
import { finishHttpApp } from './finishHttpApp.js';
import { closeServer, listen } from './listen.js';
import { createTokenVerifier, requireRole, callerOf } from '../auth/createTokenVerifier.js';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevKeys, signDevToken } from '../auth/devKeys.js';
import { createLogger } from '../logger.js';
import { ValidationError } from '../errors.js';
import type { Server } from 'node:http';

const keysDir = mkdtempSync(join(tmpdir(), 'keys-'));
const logger = createLogger('test', { destination: new Writable({ write: (_c, _e, cb) => cb() }) });
let server: Server;
let url: string;

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keysDir);
  const verifier = createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
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
          .setAudience(DEV_AUDIENCE)
          .setExpirationTime('1h')
          .sign(privateKey);
      },
      'TOKEN_UNKNOWN_KEY',
    ],
    ['garbage', async () => 'not.a.jwt', 'TOKEN_INVALID'],
  ])('refuses %s with a 401 problem', async (_name, makeToken, code) => {
    const res = await post(await makeToken(), '{"n":1}');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe(code);
  });

  it('refuses a token without the role with 403', async () => {
    const token = await signDevToken(keysDir, { role: 'recipient', org: 'tr-hv-north', areas: ['trafford'] });
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
