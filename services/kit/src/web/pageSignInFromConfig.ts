import { InMemorySessionStore } from '../adapters/InMemorySessionStore.js';
import type { PageSignInSettings } from '../auth/pageSignInSettings.js';
import { createOidcSignIn } from './createOidcSignIn.js';
import type { PageSessionOptions } from './pageSession.js';

/** How a service's pages sign people in: `createPageSession`'s `oidc` and `tokenSignIn`. */
export type PageSignIn = Pick<PageSessionOptions, 'oidc' | 'tokenSignIn'>;

/**
 * The page session's sign-in from the settings: through the provider (discovered once, now) with sessions in memory
 * when a client is set, and token pasting as `PAGE_TOKEN_SIGN_IN` says (by default only without a client).
 */
export async function pageSignInFromConfig(config: PageSignInSettings): Promise<PageSignIn> {
  const clientId = config.PAGE_OIDC_CLIENT_ID;
  if (clientId === undefined || config.OIDC_ISSUER === undefined)
    return { tokenSignIn: config.PAGE_TOKEN_SIGN_IN ?? true };
  const signIn = await createOidcSignIn({
    issuer: config.OIDC_ISSUER,
    clientId,
    publicUrl: config.PAGE_PUBLIC_URL,
    scope: config.PAGE_OIDC_SCOPE,
    ...(config.PAGE_OIDC_CLIENT_SECRET ? { clientSecret: config.PAGE_OIDC_CLIENT_SECRET } : {}),
    ...(config.PAGE_OIDC_RESOURCE ? { resource: config.PAGE_OIDC_RESOURCE } : {}),
  });
  return {
    oidc: { signIn, sessions: new InMemorySessionStore() },
    tokenSignIn: config.PAGE_TOKEN_SIGN_IN ?? false,
  };
}
