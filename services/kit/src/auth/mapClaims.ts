import type { JWTPayload } from 'jose';
import { AuthError } from '../errors.js';
import { ROLES, type Role } from './claims.js';

/**
 * Which claims of a token hold the hub's team (or force), roles and areas. A name may be a dotted path into nested
 * claims (Keycloak's `realm_access.roles`); a claim whose name itself holds dots (a namespaced claim such as
 * `https://sharehub.example/team`) is read whole first.
 */
export interface ClaimNames {
  /** The caller's organisation: a team id (people) or a force or agency code (systems). */
  readonly team: string;
  readonly roles: string;
  readonly areas: string;
}

/** The hub's own claim names: what development tokens and the development provider carry. */
export const DEFAULT_CLAIM_NAMES: ClaimNames = { team: 'org', roles: 'roles', areas: 'areas' };

/** What the hub takes from a verified token's claims. */
export interface MappedClaims {
  readonly org: string;
  readonly roles: readonly Role[];
  readonly areas: readonly string[];
}

/**
 * The team, roles and areas of a verified token, read from the claims `names` says. Roles and areas may be a list or
 * one string of space- or comma-separated values; roles the hub does not know are dropped. Throws `TOKEN_CLAIMS`
 * (naming the claims, never their values) when the team is not one string or no hub role remains.
 */
export function mapClaims(payload: JWTPayload, names: ClaimNames = DEFAULT_CLAIM_NAMES): MappedClaims {
  const org = claimAt(payload, names.team);
  const roles = listOf(claimAt(payload, names.roles)).filter((r): r is Role =>
    (ROLES as readonly string[]).includes(r),
  );
  const areas = listOf(claimAt(payload, names.areas));
  if (typeof org !== 'string' || org.length === 0 || roles.length === 0)
    throw new AuthError('TOKEN_CLAIMS', `The token lacks the ${names.team} or ${names.roles} claim`);
  return { org, roles, areas };
}

function claimAt(payload: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(payload, name)) return payload[name];
  let at: unknown = payload;
  for (const part of name.split('.')) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function listOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((v) => v.length > 0);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
