import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateSigningKey } from '@sharehub/audit-log';
import { SharehubError } from '@sharehub/kit';
import type { JWK } from 'jose';

/** The checkpoint signing key as its files hold it: the private JWK (with `kid`) and the public JWKS. */
export interface SigningKeyFiles {
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly jwks: { keys: JWK[] };
  /** True when this call generated the key. */
  readonly created: boolean;
}

/**
 * Loads the Ed25519 checkpoint signing key, generating it on first start: the private JWK goes to `privatePath`
 * (mode 0600, in the git-ignored `infra/keys`) and its public half into the JWKS at `jwksPath`, which keeps every
 * earlier key, so that old checkpoints still verify after a rotation. With `generate: false` (production) a missing
 * key is an error, never silently replaced.
 */
export async function ensureSigningKey(
  privatePath: string,
  jwksPath: string,
  options: { readonly generate?: boolean } = {},
): Promise<SigningKeyFiles> {
  let created = false;
  let privateJwk: JWK;
  let publicJwk: JWK;
  if (existsSync(privatePath)) {
    privateJwk = JSON.parse(readFileSync(privatePath, 'utf8')) as JWK;
    if (typeof privateJwk.kid !== 'string' || privateJwk.crv !== 'Ed25519' || !privateJwk.d)
      throw new TypeError(`${privatePath} is not an Ed25519 private JWK with a kid`);
    publicJwk = {
      kty: privateJwk.kty,
      crv: privateJwk.crv,
      x: privateJwk.x,
      kid: privateJwk.kid,
      alg: 'EdDSA',
      use: 'sig',
    };
  } else if (options.generate === false) {
    throw new SharehubError(
      'SIGNING_KEY_MISSING',
      `No checkpoint signing key at ${privatePath}; production never generates one (provision it: docs/SECURITY.md)`,
    );
  } else {
    const key = await generateSigningKey();
    ({ privateJwk, publicJwk } = key);
    mkdirSync(dirname(privatePath), { recursive: true });
    writeFileSync(privatePath, JSON.stringify(privateJwk, null, 2), { mode: 0o600 });
    chmodSync(privatePath, 0o600);
    created = true;
  }
  const kid = privateJwk.kid!;
  const jwks = existsSync(jwksPath)
    ? (JSON.parse(readFileSync(jwksPath, 'utf8')) as { keys: JWK[] })
    : { keys: [] as JWK[] };
  if (!jwks.keys.some((k) => k.kid === kid)) {
    jwks.keys.push(publicJwk);
    mkdirSync(dirname(jwksPath), { recursive: true });
    writeFileSync(jwksPath, JSON.stringify(jwks, null, 2));
  }
  return { kid, privateJwk, jwks, created };
}
