import type { Role } from '@sharehub/kit/auth';

/** A system that gets tokens by the client-credentials grant: a police force or a MARAC system, and its claims. */
export interface DevSystemClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly org: string;
  readonly roles: readonly Role[];
  readonly areas: readonly string[];
}

/** The development secret of every development client (development only: the provider refuses to run in production). */
export const DEV_CLIENT_SECRET = 'sharehub-dev-client-secret';

/** The client `npm run -s token` uses to ask for a token with the claims it is given (`org`, `roles`, `areas`). */
export const DEV_TOKEN_CLIENT = 'sharehub-dev-token';

/**
 * The police forces and MARAC systems of the reference areas, each a client-credentials client whose tokens say what
 * the gateway binds (docs/SECURITY.md, Authorisation matrix): `org` the force code (an incident's or care plan's
 * `forceCode`, a consent's `recordedBy`, a listing's `referringAgency`) or the MARAC system, role publisher, its area.
 */
export const DEV_SYSTEM_CLIENTS: readonly DevSystemClient[] = [
  { clientId: 'GMP', org: 'GMP', areas: ['trafford'] },
  { clientId: 'KNT', org: 'KNT', areas: ['kent'] },
  { clientId: 'tr-marac', org: 'tr-marac', areas: ['trafford'] },
  { clientId: 'kt-marac', org: 'kt-marac', areas: ['kent'] },
].map((c) => ({ ...c, clientSecret: DEV_CLIENT_SECRET, roles: ['publisher'] as const }));

/** Where the development provider listens unless told otherwise (`npm start`; `DEV_IDP_PORT`). */
export const DEV_IDP_PORT = 8083;

/**
 * The resource indicator (RFC 8707: an absolute URI) a token for a hub service is asked for with, e.g.
 * `urn:sharehub:inbox`; the token's `aud` is then the service's audience, `sharehub-inbox`.
 */
export function devResourceFor(audience: string): string {
  return `urn:${audience.replace('-', ':')}`;
}
