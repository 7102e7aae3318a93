import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import type { RequestHandler } from 'express';
import { AuthError, ForbiddenError } from '../errors.js';
import type { Caller, Role } from './claims.js';
import { DEFAULT_CLAIM_NAMES, mapClaims, type ClaimNames } from './mapClaims.js';

/** An issuer whose tokens are accepted: its keys, and the claims its tokens carry the team, roles and areas in. */
export interface TrustedIssuer {
  readonly issuer: string;
  /** A JWKS file (development) or URL (an OpenID provider's `jwks_uri`). */
  readonly jwks: string;
  /** Default: the hub's own names (`org`, `roles`, `areas`). */
  readonly claims?: ClaimNames;
}

/** Where the verifier finds its keys and what it demands of a token. */
export interface TokenVerifierOptions {
  /** A JWKS file (development) or an https URL (production), for tokens of `issuer`. */
  readonly jwks?: string;
  readonly issuer?: string;
  /** Further issuers accepted, each with its keys and claim names (an OpenID provider found by discovery). */
  readonly issuers?: readonly TrustedIssuer[];
  /** This service's audience (`SERVICE_AUDIENCES`): a token for another service is refused. */
  readonly audience: string;
  /** The oldest token accepted, in seconds since its `iat`, whatever its `exp` says (default an hour). */
  readonly maxTokenAgeSeconds?: number;
  /** The header `typ`s accepted when a token sets one (default `JWT` and `at+jwt`, RFC 9068). */
  readonly tokenTypes?: readonly string[];
}

/** The defaults of {@link TokenVerifierOptions} (docs/SECURITY.md, Tokens). */
export const TOKEN_DEFAULTS = { maxTokenAgeSeconds: 3600, tokenTypes: ['JWT', 'at+jwt'] } as const;

/** A `typ` as RFC 8725 compares it: case-insensitive, without an `application/` prefix. */
const normalTyp = (typ: string) => typ.toLowerCase().replace(/^application\//, '');

/**
 * Verifies bearer JWTs with jose against a JWKS: signature, issuer, audience, `exp` and `iat` (both required), the
 * maximum token age, the header `typ` where set, and the hub's claims.
 */
export interface TokenVerifier {
  verify(token: string): Promise<Caller>;
  /** Express middleware: puts the verified caller in `res.locals.caller`, or fails with a 401 problem. */
  readonly authenticate: RequestHandler;
}

/** Builds a {@link TokenVerifier}. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const trusted = [
    ...(options.jwks !== undefined && options.issuer !== undefined
      ? [{ issuer: options.issuer, jwks: options.jwks }]
      : []),
    ...(options.issuers ?? []),
  ].map((t) => ({ issuer: t.issuer, keys: keySet(t.jwks), claims: t.claims ?? DEFAULT_CLAIM_NAMES }));
  const first = trusted[0];
  if (!first) throw new TypeError('createTokenVerifier needs an issuer and its JWKS');
  // The unverified `iss` only chooses whose keys to verify with; jose then checks it as it checks everything else.
  const issuerOf = (token: string) => {
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      iss = undefined;
    }
    return trusted.find((t) => t.issuer === iss) ?? first;
  };

  const maxAge = options.maxTokenAgeSeconds ?? TOKEN_DEFAULTS.maxTokenAgeSeconds;
  const types = (options.tokenTypes ?? TOKEN_DEFAULTS.tokenTypes).map(normalTyp);
  const verify = async (token: string): Promise<Caller> => {
    const { issuer, keys, claims } = issuerOf(token);
    try {
      const { payload, protectedHeader } = await jwtVerify(token, keys, {
        issuer,
        audience: options.audience,
        algorithms: ['EdDSA', 'ES256', 'RS256'],
        requiredClaims: ['exp', 'iat'],
        maxTokenAge: maxAge,
      });
      if (protectedHeader.typ !== undefined && !types.includes(normalTyp(protectedHeader.typ)))
        throw new AuthError('TOKEN_TYPE', `A token of type ${protectedHeader.typ} is not accepted here`);
      const { org, roles, areas } = mapClaims(payload, claims);
      const expiresAt = new Date(Math.min(payload.exp!, payload.iat! + maxAge) * 1000);
      return { subject: payload.sub ?? 'unknown', org, roles, areas, expiresAt };
    } catch (err) {
      if (err instanceof AuthError) throw err;
      if (err instanceof errors.JWTExpired)
        throw new AuthError(
          'TOKEN_EXPIRED',
          err.claim === 'iat'
            ? `The token is older than ${maxAge} seconds, the most this service accepts`
            : 'The token has expired',
          { cause: err },
        );
      if (err instanceof errors.JWTClaimValidationFailed && err.reason === 'missing')
        throw new AuthError('TOKEN_CLAIM_MISSING', `The token has no ${err.claim} claim`, { cause: err });
      if (err instanceof errors.JWTClaimValidationFailed)
        throw new AuthError('TOKEN_CLAIM_INVALID', `The token's ${err.claim} claim is not accepted`, {
          cause: err,
        });
      if (err instanceof errors.JWKSNoMatchingKey)
        throw new AuthError('TOKEN_UNKNOWN_KEY', 'The token is signed by a key the hub does not know', {
          cause: err,
        });
      throw new AuthError('TOKEN_INVALID', 'The token is not a valid signed JWT', { cause: err });
    }
  };

  return tokenVerifierOf(verify);
}

/** A JWKS from a file, or fetched (and cached, refreshed on an unknown key id) from a URL. */
function keySet(jwks: string): JWTVerifyGetKey {
  return /^https?:\/\//.test(jwks)
    ? createRemoteJWKSet(new URL(jwks))
    : createLocalJWKSet(JSON.parse(readFileSync(jwks, 'utf8')) as JSONWebKeySet);
}

/** Express middleware: the verified caller must hold one of `roles` (403 otherwise). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const caller = res.locals.caller as Caller | undefined;
    if (!caller)
      return next(new AuthError('TOKEN_MISSING', 'Send a bearer token in the Authorization header'));
    if (!caller.roles.some((r) => roles.includes(r)))
      return next(new ForbiddenError('ROLE_REQUIRED', `This needs the role ${roles.join(' or ')}`));
    next();
  };
}

/** The caller verified by `authenticate`. */
export function callerOf(res: { locals: Record<string, unknown> }): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) throw new AuthError('TOKEN_MISSING', 'Send a bearer token in the Authorization header');
  return caller;
}

/**
 * A TokenVerifier from its `verify`: `authenticate` reads the bearer token of the Authorization header (401
 * `TOKEN_MISSING` without one), verifies it and puts the caller in `res.locals.caller`. For verifiers that wrap
 * another (e.g. a cache of verified tokens), so every one authenticates requests the same way.
 */
export function tokenVerifierOf(verify: TokenVerifier['verify']): TokenVerifier {
  return {
    verify,
    authenticate: (req, res, next) => {
      const header = req.header('authorization');
      const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
      if (!match)
        return next(new AuthError('TOKEN_MISSING', 'Send a bearer token in the Authorization header'));
      verify(match[1]!).then((caller) => {
        res.locals.caller = caller;
        next();
      }, next);
    },
  };
}
