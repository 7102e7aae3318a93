import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { audienceForRole } from './audiences.js';
import type { Role } from './claims.js';

/** The issuer of development tokens (the services' default). */
export const DEV_ISSUER = 'sharehub-dev';
/** How long a development token lasts unless asked otherwise: the services' default maximum token age. */
export const DEV_TOKEN_LIFETIME = '1h';

/** Paths of the development keys in `dir` (git-ignored `infra/keys`). */
export function devKeyPaths(dir: string): { privateJwk: string; jwks: string } {
  return { privateJwk: join(dir, 'dev-signing-key.private.jwk.json'), jwks: join(dir, 'jwks.json') };
}

/** Creates the development signing key (Ed25519) and its public JWKS in `dir` on first use; never committed. */
export async function ensureDevKeys(
  dir: string,
): Promise<{ privateJwk: string; jwks: string; created: boolean }> {
  const paths = devKeyPaths(dir);
  if (existsSync(paths.privateJwk) && existsSync(paths.jwks)) return { ...paths, created: false };
  mkdirSync(dir, { recursive: true });
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA', use: 'sig' };
  writeFileSync(paths.privateJwk, JSON.stringify(privateJwk, null, 2));
  chmodSync(paths.privateJwk, 0o600);
  writeFileSync(
    paths.jwks,
    JSON.stringify({ keys: [{ ...publicJwk, kid, alg: 'EdDSA', use: 'sig' }] }, null, 2),
  );
  return { ...paths, created: true };
}

/** What a development token says. */
export interface DevTokenClaims {
  readonly role: Role;
  readonly org: string;
  readonly areas: readonly string[];
  readonly subject?: string;
  readonly expiresIn?: string;
  /** The service(s) the token is for; by default the one the role uses (`audienceForRole`). */
  readonly audience?: string | readonly string[];
  readonly issuer?: string;
}

/** Signs a development token with the key in `dir` for the service its role uses (see `npm run -s token`). */
export async function signDevToken(dir: string, claims: DevTokenClaims): Promise<string> {
  const jwk = JSON.parse(readFileSync(devKeyPaths(dir).privateJwk, 'utf8')) as JWK & { kid: string };
  const key = await importJWK(jwk, 'EdDSA');
  return new SignJWT({ org: claims.org, roles: [claims.role], areas: [...claims.areas] })
    .setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid, typ: 'JWT' })
    .setIssuer(claims.issuer ?? DEV_ISSUER)
    .setAudience(
      typeof claims.audience === 'string'
        ? claims.audience
        : claims.audience
          ? [...claims.audience]
          : audienceForRole(claims.role),
    )
    .setSubject(claims.subject ?? `${claims.role}:${claims.org}`)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? DEV_TOKEN_LIFETIME)
    .sign(key);
}
