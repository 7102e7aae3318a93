import { csv, z } from '../config.js';
import { productionRules, type ProductionRule } from '../refuseDevelopmentDefaults.js';
import { AUTH_FAILURE_DEFAULTS } from '../http/limitAuthFailures.js';
import type { ServiceAudience } from './audiences.js';
import { TOKEN_DEFAULTS, type TokenVerifierOptions } from './createTokenVerifier.js';
import { DEV_ISSUER } from './devKeys.js';

/**
 * The settings of every service that verifies tokens, for its config schema (`z.object({...authSettings(…), …})`):
 * where the JWKS is, the issuer, this service's audience, the maximum token age and accepted `typ`s, and how many
 * failed authentications one client may make in a window before it gets 429s.
 */
export function authSettings(defaults: { readonly audience: ServiceAudience; readonly jwks: string }) {
  return {
    /** A JWKS file, or an https URL (production). */
    AUTH_JWKS: z.string().default(defaults.jwks),
    AUTH_ISSUER: z.string().default(DEV_ISSUER),
    AUTH_AUDIENCE: z.string().min(1).default(defaults.audience),
    /** The oldest token accepted, in seconds since its `iat`, whatever its `exp` says. */
    AUTH_MAX_TOKEN_AGE_SECONDS: z.coerce.number().int().positive().default(TOKEN_DEFAULTS.maxTokenAgeSeconds),
    /** The header `typ`s accepted when a token sets one. */
    AUTH_TOKEN_TYPES: csv().default([...TOKEN_DEFAULTS.tokenTypes]),
    /** Failed authentications (401s) one client address may have in the window before every request gets 429. */
    AUTH_FAILURE_LIMIT: z.coerce.number().int().positive().default(AUTH_FAILURE_DEFAULTS.limit),
    AUTH_FAILURE_WINDOW_MS: z.coerce.number().int().positive().default(AUTH_FAILURE_DEFAULTS.windowMs),
  };
}

/** What production demands of the auth settings: a JWKS over https, or a file that is not the development one. */
export function authProductionRules(developmentJwks: string): {
  readonly AUTH_JWKS: readonly ProductionRule[];
} {
  return {
    AUTH_JWKS: [productionRules.notDevelopmentDefault(developmentJwks, 'JWKS'), productionRules.jwksSource],
  };
}

/** The validated auth settings of a service. */
export type AuthSettings = z.infer<z.ZodObject<ReturnType<typeof authSettings>>>;

/** The token verifier's options from a service's auth settings. */
export function tokenVerifierOptions(config: AuthSettings): TokenVerifierOptions {
  return {
    jwks: config.AUTH_JWKS,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    maxTokenAgeSeconds: config.AUTH_MAX_TOKEN_AGE_SECONDS,
    tokenTypes: config.AUTH_TOKEN_TYPES,
  };
}

/** The failed-authentication limit from a service's auth settings (`createHttpApp`'s `authFailures`). */
export function authFailureLimit(config: AuthSettings): { limit: number; windowMs: number } {
  return { limit: config.AUTH_FAILURE_LIMIT, windowMs: config.AUTH_FAILURE_WINDOW_MS };
}
