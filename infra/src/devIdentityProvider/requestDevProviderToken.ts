import * as client from 'openid-client';
import { audienceForRole, discoverProvider, type Role } from '@sharehub/kit/auth';
import { DEV_CLIENT_SECRET, DEV_SYSTEM_CLIENTS, DEV_TOKEN_CLIENT, devResourceFor } from './devClients.js';

/** What a development token is asked for with (`npm run -s token`). */
export interface DevTokenRequest {
  readonly role: Role;
  readonly org: string;
  readonly areas: readonly string[];
}

/**
 * Asks the development provider at `issuer` for an access token by the client-credentials grant, for the service
 * the role uses: a police force's or MARAC system's own client when it is one of them and the areas are its own,
 * else the development token client with the claims asked for. Returns nothing when no provider answers there
 * within `timeoutMs` (it is not running).
 */
export async function requestDevProviderToken(
  issuer: string,
  request: DevTokenRequest,
  timeoutMs = 1_000,
): Promise<string | undefined> {
  const answers = await fetch(new URL('/.well-known/openid-configuration', issuer), {
    signal: AbortSignal.timeout(timeoutMs),
  }).then(
    (res) => res.ok,
    () => false,
  );
  if (!answers) return undefined;
  const system = DEV_SYSTEM_CLIENTS.find(
    (c) =>
      c.clientId === request.org &&
      c.roles.includes(request.role) &&
      request.areas.every((area) => c.areas.includes(area)),
  );
  const resource = devResourceFor(audienceForRole(request.role));
  const config = await discoverProvider(issuer, system?.clientId ?? DEV_TOKEN_CLIENT, DEV_CLIENT_SECRET);
  const tokens = await client.clientCredentialsGrant(
    config,
    system
      ? { resource }
      : { resource, org: request.org, roles: request.role, areas: request.areas.join(' ') },
  );
  return tokens.access_token;
}
