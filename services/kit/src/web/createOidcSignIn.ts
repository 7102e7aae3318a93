import * as client from 'openid-client';
import { discoverProvider } from '../auth/discoverProvider.js';
import { AuthError } from '../errors.js';
import type { PageSessionState } from '../ports/SessionStore.js';

/** The relying party a service's pages sign people in as (docs/sign-in.md). */
export interface OidcSignInOptions {
  /** The provider's issuer URL (discovery at start). */
  readonly issuer: string;
  readonly clientId: string;
  /** The client's secret (confidential client; PKCE is used besides). */
  readonly clientSecret?: string;
  /** Where people open the pages (e.g. `https://inbox.example.nhs.uk`); the callback is its `/auth/callback`. */
  readonly publicUrl: string;
  /** The scopes asked for (default `openid`). */
  readonly scope?: string;
  /** The resource (RFC 8707) the access token is for, where the provider needs one to set its audience. */
  readonly resource?: string;
}

/** The authorization code flow with PKCE against one provider, through openid-client. */
export interface OidcSignIn {
  /** The provider's origin, where sign-out's redirect goes (the pages' CSP must allow forms to lead there). */
  readonly providerOrigin: string;
  /** A new sign-in: the provider URL to send the person to, and what to keep until the callback. */
  start(next: string): Promise<{ url: URL; pending: Extract<PageSessionState, { kind: 'signing-in' }> }>;
  /**
   * Completes the sign-in from the callback's path and query (on `publicUrl`, the redirect URI registered); throws
   * `SIGN_IN_FAILED` (401) when the provider or a check (state, PKCE, nonce, ID token) says no.
   */
  complete(
    callbackPath: string,
    pending: Extract<PageSessionState, { kind: 'signing-in' }>,
  ): Promise<{ accessToken: string; idToken?: string }>;
  /** The provider's end-session URL (RP-initiated logout), or nothing when it publishes no end_session_endpoint. */
  endSessionUrl(idToken: string | undefined): URL | undefined;
}

/** Discovers the provider (once, at start) and returns its {@link OidcSignIn}. */
export async function createOidcSignIn(options: OidcSignInOptions): Promise<OidcSignIn> {
  const config = await discoverProvider(options.issuer, options.clientId, options.clientSecret);
  const redirectUri = new URL('/auth/callback', options.publicUrl).href;
  const signedOutUri = new URL('/signed-out', options.publicUrl).href;
  const resource: Record<string, string> = options.resource ? { resource: options.resource } : {};
  const metadata = config.serverMetadata();
  return {
    providerOrigin: new URL(metadata.authorization_endpoint ?? options.issuer).origin,
    async start(next) {
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: options.scope ?? 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...resource,
      });
      return { url, pending: { kind: 'signing-in', codeVerifier, state, nonce, next } };
    },
    async complete(callbackPath, pending) {
      const callbackUrl = new URL(callbackPath, options.publicUrl);
      try {
        const tokens = await client.authorizationCodeGrant(
          config,
          callbackUrl,
          {
            pkceCodeVerifier: pending.codeVerifier,
            expectedState: pending.state,
            expectedNonce: pending.nonce,
          },
          resource,
        );
        return { accessToken: tokens.access_token, ...(tokens.id_token ? { idToken: tokens.id_token } : {}) };
      } catch (err) {
        throw new AuthError('SIGN_IN_FAILED', 'The identity provider did not sign you in', { cause: err });
      }
    },
    endSessionUrl(idToken) {
      if (!metadata.end_session_endpoint) return undefined;
      return client.buildEndSessionUrl(config, {
        post_logout_redirect_uri: signedOutUri,
        ...(idToken ? { id_token_hint: idToken } : {}),
      });
    },
  };
}
