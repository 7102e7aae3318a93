import { flag, z } from '../config.js';
import type { ProductionRule } from '../refuseDevelopmentDefaults.js';

/**
 * The page sign-in settings of a service with pages (inbox, audit), for its config schema beside `authSettings`: the
 * client the pages sign people in as at the provider of `OIDC_ISSUER` (docs/sign-in.md), and whether pasting a token
 * is offered (development only).
 */
export function pageSignInSettings(defaults: { readonly publicUrl: string }) {
  return {
    /** The pages' client at the OpenID provider; set, the pages sign in through the provider (code flow, PKCE). */
    PAGE_OIDC_CLIENT_ID: z.string().min(1).optional(),
    PAGE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** The scopes asked for. */
    PAGE_OIDC_SCOPE: z.string().min(1).default('openid'),
    /** The resource (RFC 8707) whose audience the access token must carry, where the provider needs one. */
    PAGE_OIDC_RESOURCE: z.string().min(1).optional(),
    /** Where people open the pages; the provider redirects back to its `/auth/callback`. */
    PAGE_PUBLIC_URL: z.url().default(defaults.publicUrl),
    /** Offer pasting a token (development only; default: only when no client is set). */
    PAGE_TOKEN_SIGN_IN: flag().optional(),
  };
}

/** A service's validated page sign-in settings (with `OIDC_ISSUER` from `authSettings`). */
export type PageSignInSettings = z.infer<z.ZodObject<ReturnType<typeof pageSignInSettings>>> & {
  readonly OIDC_ISSUER?: string | undefined;
};

/** For a config schema's `superRefine`: a page client needs the provider it is registered at. */
export function checkPageSignIn(config: PageSignInSettings, ctx: z.RefinementCtx): void {
  if (config.PAGE_OIDC_CLIENT_ID !== undefined && config.OIDC_ISSUER === undefined)
    ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'is needed with PAGE_OIDC_CLIENT_ID' });
}

/** What production demands of page sign-in: through the provider, over https, and never by pasting a token. */
export const pageSignInProductionRules: {
  readonly PAGE_OIDC_CLIENT_ID: readonly ProductionRule[];
  readonly PAGE_TOKEN_SIGN_IN: readonly ProductionRule[];
  readonly PAGE_PUBLIC_URL: readonly ProductionRule[];
} = {
  PAGE_OIDC_CLIENT_ID: [
    (value) =>
      value === undefined
        ? 'is not set: in production people sign in to the pages through the identity provider'
        : undefined,
  ],
  PAGE_TOKEN_SIGN_IN: [
    (value) => (value === true ? 'must be off in production: pasting a token is for development' : undefined),
  ],
  PAGE_PUBLIC_URL: [
    (value) =>
      typeof value === 'string' && !/^https:/i.test(value)
        ? 'must be https in production: the provider sends the sign-in code there'
        : undefined,
  ],
};
