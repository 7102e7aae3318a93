import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/**
 * The development provider's signing key (Ed25519 private JWK) in `dir`, created on first use and never committed;
 * kept across starts so tokens it signed stay verifiable after a restart.
 */
export async function ensureDevIdentityProviderKey(dir: string): Promise<JWK> {
  const path = join(dir, 'dev-idp-signing-key.private.jwk.json');
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as JWK;
  mkdirSync(dir, { recursive: true });
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const key = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'EdDSA', use: 'sig' };
  writeFileSync(path, JSON.stringify(key, null, 2));
  chmodSync(path, 0o600);
  return key;
}
