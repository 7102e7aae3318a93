import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_AUDIENCES } from './audiences.js';
import { createTokenVerifier, type TokenVerifier } from './createTokenVerifier.js';
import { DEV_ISSUER, ensureDevKeys, signDevToken } from './devKeys.js';

// Two issuers, each with its own keys and claim names: the development keys, and a provider standing in for one
// found by discovery (a JWKS file here; the development provider's int test in infra covers discovery itself).
const devDir = mkdtempSync(join(tmpdir(), 'dev-keys-'));
const idpDir = mkdtempSync(join(tmpdir(), 'idp-keys-'));
const IDP = 'https://login.example.nhs.uk/trafford';
let verifier: TokenVerifier;

beforeAll(async () => {
  const [dev, idp] = await Promise.all([ensureDevKeys(devDir), ensureDevKeys(idpDir)]);
  verifier = createTokenVerifier({
    jwks: dev.jwks,
    issuer: DEV_ISSUER,
    audience: SERVICE_AUDIENCES.inbox,
    issuers: [{ issuer: IDP, jwks: idp.jwks, claims: { team: 'org', roles: 'roles', areas: 'areas' } }],
  });
});

describe('a verifier trusting two issuers', () => {
  it("accepts each issuer's tokens, each checked against its own keys", async () => {
    const claims = { role: 'recipient', org: 'tr-hv-central', areas: ['trafford'] } as const;
    await expect(verifier.verify(await signDevToken(devDir, claims))).resolves.toMatchObject({
      org: 'tr-hv-central',
    });
    await expect(
      verifier.verify(await signDevToken(idpDir, { ...claims, issuer: IDP })),
    ).resolves.toMatchObject({
      org: 'tr-hv-central',
    });
  });

  it("refuses a token naming one issuer but signed with the other's key", async () => {
    const forged = await signDevToken(devDir, {
      role: 'recipient',
      org: 'tr-hv-central',
      areas: ['trafford'],
      issuer: IDP,
    });
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'TOKEN_UNKNOWN_KEY' });
  });

  it('refuses a token of an issuer it does not trust', async () => {
    const other = await signDevToken(devDir, {
      role: 'recipient',
      org: 'tr-hv-central',
      areas: ['trafford'],
      issuer: 'https://elsewhere.example',
    });
    await expect(verifier.verify(other)).rejects.toMatchObject({ code: 'TOKEN_CLAIM_INVALID' });
  });
});
