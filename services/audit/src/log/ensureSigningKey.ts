import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** The checkpoint signing key as files hold it: the private JWK (with `kid`) and the public JWKS. */
export interface SigningKeyFiles {
  readonly privateJwk: JWK & { kid: string };
  readonly jwks: { keys: Array<JWK & { kid: string }> };
  /** True when this call generated the key. */
  readonly created: boolean;
}

/**
 * Loads the Ed25519 checkpoint signing key, generating it on first start: the private JWK goes to `privatePath`
 * (mode 0600, git-ignored `infra/keys`) and its public half to the JWKS at `jwksPath`, which keeps every earlier
 * key so that old checkpoints still verify after a rotation.
 */
export async function ensureSigningKey(privatePath: string, jwksPath: string): Promise<SigningKeyFiles> {
  let created = false;
  let privateJwk: JWK & { kid: string };
  if (existsSync(privatePath)) {
    privateJwk = JSON.parse(readFileSync(privatePath, 'utf8')) as JWK & { kid: string };
  } else {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
    privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA', use: 'sig' };
    mkdirSync(dirname(privatePath), { recursive: true });
    writeFileSync(privatePath, JSON.stringify(privateJwk, null, 2), { mode: 0o600 });
    chmodSync(privatePath, 0o600);
    created = true;
  }
  const publicJwk = { kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x, kid: privateJwk.kid };
  const jwks: { keys: Array<JWK & { kid: string }> } = existsSync(jwksPath)
    ? (JSON.parse(readFileSync(jwksPath, 'utf8')) as { keys: Array<JWK & { kid: string }> })
    : { keys: [] };
  if (!jwks.keys.some((k) => k.kid === privateJwk.kid)) {
    jwks.keys.push({ ...publicJwk, alg: 'EdDSA', use: 'sig' });
    mkdirSync(dirname(jwksPath), { recursive: true });
    writeFileSync(jwksPath, JSON.stringify(jwks, null, 2));
  }
  return { privateJwk, jwks, created };
}
