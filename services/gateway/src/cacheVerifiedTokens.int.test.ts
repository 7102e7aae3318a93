import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTokenVerifier,
  DEV_ISSUER,
  ensureDevKeys,
  SERVICE_AUDIENCES,
  signDevToken,
  type TokenVerifier,
} from '@sharehub/kit/auth';
import { waitFor } from '@sharehub/kit/testing';
import { cacheVerifiedTokens } from './cacheVerifiedTokens.js';

// The token cache around the real verifier (jose, the dev keys): what it verifies, counted.
const keys = mkdtempSync(join(tmpdir(), 'gw-token-cache-'));
let verifier: TokenVerifier;
let verified: number;
const counted = (): TokenVerifier => ({
  verify: (token) => (verified++, verifier.verify(token)),
  authenticate: verifier.authenticate,
});
const token = (org = 'GMP', expiresIn = '10m') =>
  signDevToken(keys, {
    role: 'publisher',
    org,
    areas: ['trafford'],
    audience: SERVICE_AUDIENCES.gateway,
    expiresIn,
  });

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keys);
  verifier = createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.gateway });
});

describe('verified tokens cached until they expire', () => {
  it('verifies a token once, then answers it with the same caller from memory', async () => {
    verified = 0;
    const cache = cacheVerifiedTokens(counted(), { maxEntries: 10 });
    const gmp = await token();
    const first = await cache.verify(gmp);
    for (let i = 0; i < 5; i++) expect(await cache.verify(gmp)).toEqual(first);
    expect(first.org).toBe('GMP');
    expect(verified).toBe(1);
  });

  it('never remembers a failure: a bad token is checked, and refused, every time', async () => {
    verified = 0;
    const cache = cacheVerifiedTokens(counted(), { maxEntries: 10 });
    const forged = `${(await token()).slice(0, -4)}AAAA`;
    for (let i = 0; i < 3; i++)
      await expect(cache.verify(forged)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    expect(verified).toBe(3);
  });

  it('drops a token at its expiry and checks it again, which refuses it', async () => {
    verified = 0;
    let now = Date.now();
    const cache = cacheVerifiedTokens(counted(), { maxEntries: 10, now: () => now });
    const gmp = await token();
    const caller = await cache.verify(gmp);
    now = caller.expiresAt.getTime() - 1;
    await cache.verify(gmp);
    expect(verified).toBe(1);
    now = caller.expiresAt.getTime();
    await cache.verify(gmp); // the real verifier's clock is before the expiry still: it verifies again
    expect(verified).toBe(2);
  });

  it('refuses an expired token it once verified (it is not answered from memory)', async () => {
    const cache = cacheVerifiedTokens(verifier, { maxEntries: 10 });
    const short = await token('GMP', '1s');
    await cache.verify(short);
    // Once the token's second of expiry has passed, the cache must hand it to the verifier, which refuses it.
    await waitFor(
      () =>
        cache.verify(short).then(
          () => false,
          (err: { code?: string }) => err.code === 'TOKEN_EXPIRED',
        ),
      'the expired token refused',
      5000,
    );
  });

  it('remembers at most maxEntries tokens, the least recently used leaving first', async () => {
    verified = 0;
    const cache = cacheVerifiedTokens(counted(), { maxEntries: 2 });
    const [a, b, c] = await Promise.all([token('A'), token('B'), token('C')]);
    for (const t of [a, b, c, a]) await cache.verify(t);
    expect(verified).toBe(4);
    await cache.verify(a);
    await cache.verify(c);
    expect(verified).toBe(4);
  });
});
