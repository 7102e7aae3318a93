import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import type { RequestHandler } from 'express';
import { AuthError, ForbiddenError } from '../errors.js';
import { ROLES, type Caller, type Role } from './claims.js';

/** Where the verifier finds its keys and what it demands of a token. */
export interface TokenVerifierOptions {
  /** A JWKS file (development) or an https URL (production). */
  readonly jwks: string;
  readonly issuer: string;
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
  const keys: JWTVerifyGetKey = /^https?:\/\//.test(options.jwks)
    ? createRemoteJWKSet(new URL(options.jwks))
    : createLocalJWKSet(JSON.parse(readFileSync(options.jwks, 'utf8')) as JSONWebKeySet);

  const maxAge = options.maxTokenAgeSeconds ?? TOKEN_DEFAULTS.maxTokenAgeSeconds;
  const types = (options.tokenTypes ?? TOKEN_DEFAULTS.tokenTypes).map(normalTyp);
  const verify = async (token: string): Promise<Caller> => {
    try {
      const { payload, protectedHeader } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['EdDSA', 'ES256', 'RS256'],
        requiredClaims: ['exp', 'iat'],
        maxTokenAge: maxAge,
      });
      if (protectedHeader.typ !== undefined && !types.includes(normalTyp(protectedHeader.typ)))
        throw new AuthError('TOKEN_TYPE', `A token of type ${protectedHeader.typ} is not accepted here`);
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string))
        : [];
      const areas = Array.isArray(payload.areas)
        ? payload.areas.filter((a): a is string => typeof a === 'string')
        : [];
      if (typeof payload.org !== 'string' || roles.length === 0)
        throw new AuthError('TOKEN_CLAIMS', 'The token lacks the org or roles claim');
      const expiresAt = new Date(Math.min(payload.exp!, payload.iat! + maxAge) * 1000);
      return { subject: payload.sub ?? 'unknown', org: payload.org, roles, areas, expiresAt };
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
