import { csv, z } from '../config.js';
import { productionRules, type ProductionRule } from '../refuseDevelopmentDefaults.js';
import { AUTH_FAILURE_DEFAULTS } from '../http/limitAuthFailures.js';
import type { ServiceAudience } from './audiences.js';
import { TOKEN_DEFAULTS, type TokenVerifierOptions } from './createTokenVerifier.js';
import { DEV_ISSUER } from './devKeys.js';
import { discoverTrustedIssuer } from './discoverTrustedIssuer.js';
import { DEFAULT_CLAIM_NAMES, type ClaimNames } from './mapClaims.js';

/**
 * The settings of every service that verifies tokens, for its config schema (`z.object({...authSettings(…), …})`):
 * where the JWKS is, the issuer, this service's audience, the maximum token age and accepted `typ`s, and how many
 * failed authentications one client may make in a window before it gets 429s; and the OpenID provider whose tokens
 * are accepted (found by discovery) with the claims its tokens carry the team, roles and areas in (docs/sign-in.md).
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
    /** An OpenID provider's issuer URL: its tokens are accepted, verified by its `jwks_uri` (discovery at start). */
    OIDC_ISSUER: z.url().optional(),
    /** The claim (or dotted path) holding the caller's team, force or agency code. */
    OIDC_CLAIM_TEAM: z.string().min(1).default(DEFAULT_CLAIM_NAMES.team),
    /** The claim holding the hub roles (a list, or space- or comma-separated). */
    OIDC_CLAIM_ROLES: z.string().min(1).default(DEFAULT_CLAIM_NAMES.roles),
    /** The claim holding the areas (a list, or space- or comma-separated). */
    OIDC_CLAIM_AREAS: z.string().min(1).default(DEFAULT_CLAIM_NAMES.areas),
  };
}

/**
 * What production demands of the auth settings: an OpenID provider over https, or else a JWKS over https or a file
 * that is not the development one. With `OIDC_ISSUER` set, production trusts that provider only and ignores
 * `AUTH_JWKS` (development trusts both, so development tokens keep working beside the development provider's).
 */
export function authProductionRules(developmentJwks: string): {
  readonly AUTH_JWKS: readonly ProductionRule[];
  readonly OIDC_ISSUER: readonly ProductionRule[];
} {
  const unlessOidc =
    (rule: ProductionRule): ProductionRule =>
    (value, config) =>
      config?.OIDC_ISSUER === undefined ? rule(value, config) : undefined;
  return {
    AUTH_JWKS: [
      unlessOidc(productionRules.notDevelopmentDefault(developmentJwks, 'JWKS')),
      unlessOidc(productionRules.jwksSource),
    ],
    OIDC_ISSUER: [
      (value) =>
        typeof value === 'string' && /^http:/i.test(value)
          ? 'is a plain-http issuer: its discovery document and keys could be swapped on the way; use https'
          : undefined,
    ],
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

/** The claim names of the OpenID provider's tokens, from a service's auth settings. */
export function claimNamesOf(config: AuthSettings): ClaimNames {
  return { team: config.OIDC_CLAIM_TEAM, roles: config.OIDC_CLAIM_ROLES, areas: config.OIDC_CLAIM_AREAS };
}

/**
 * The token verifier's options with the OpenID provider (`OIDC_ISSUER`) found by discovery, once, at start: its
 * tokens are accepted beside `AUTH_JWKS`'s, except in production, where the provider's are the only ones.
 */
export async function discoverTokenVerifierOptions(
  config: AuthSettings & { readonly NODE_ENV: string },
): Promise<TokenVerifierOptions> {
  const options = tokenVerifierOptions(config);
  if (config.OIDC_ISSUER === undefined) return options;
  const provider = await discoverTrustedIssuer(
    config.OIDC_ISSUER,
    config.AUTH_AUDIENCE,
    claimNamesOf(config),
  );
  if (config.NODE_ENV !== 'production') return { ...options, issuers: [provider] };
  const { jwks: _jwks, issuer: _issuer, ...rest } = options;
  return { ...rest, issuers: [provider] };
}

/** The failed-authentication limit from a service's auth settings (`createHttpApp`'s `authFailures`). */
export function authFailureLimit(config: AuthSettings): { limit: number; windowMs: number } {
  return { limit: config.AUTH_FAILURE_LIMIT, windowMs: config.AUTH_FAILURE_WINDOW_MS };
}
