import { SharehubError } from '../errors.js';
import type { TrustedIssuer } from './createTokenVerifier.js';
import { discoverProvider } from './discoverProvider.js';
import type { ClaimNames } from './mapClaims.js';

/** The issuer at `issuer` as a {@link TrustedIssuer}: its `jwks_uri` by discovery, its tokens read with `claims`. */
export async function discoverTrustedIssuer(
  issuer: string,
  audience: string,
  claims: ClaimNames,
): Promise<TrustedIssuer> {
  const metadata = (await discoverProvider(issuer, audience)).serverMetadata();
  if (!metadata.jwks_uri)
    throw new SharehubError('OIDC_NO_JWKS', `The OpenID provider ${issuer} publishes no jwks_uri`);
  return { issuer: metadata.issuer, jwks: metadata.jwks_uri, claims };
}
