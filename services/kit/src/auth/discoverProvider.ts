import * as client from 'openid-client';

/**
 * An OpenID provider's configuration found by discovery (`/.well-known/openid-configuration`, fetched once), through
 * openid-client, which checks the document's `issuer` is the one asked for. A plain-http issuer (the development
 * provider) is allowed only where production refuses it (`authProductionRules`). `clientId` and `secret` are the
 * relying party's when it signs people in; a service that only verifies tokens passes its audience.
 */
export async function discoverProvider(
  issuer: string,
  clientId: string,
  secret?: string,
): Promise<client.Configuration> {
  const url = new URL(issuer);
  return client.discovery(
    url,
    clientId,
    secret,
    secret === undefined ? client.None() : client.ClientSecretBasic(secret),
    url.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {},
  );
}
