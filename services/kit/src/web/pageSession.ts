import express, { type Express, type RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import type { TokenVerifier } from '../auth/createTokenVerifier.js';
import { AuthError } from '../errors.js';
import type { SessionStore } from '../ports/SessionStore.js';
import type { OidcSignIn } from './createOidcSignIn.js';
import { html } from './html.js';
import { mountOidcSignIn } from './mountOidcSignIn.js';
import { refuseCrossSite } from './refuseCrossSite.js';
import { renderPage } from './renderPage.js';

/** How a service's web pages sign people in. */
export interface PageSessionOptions {
  readonly verifier: TokenVerifier;
  /** The service's name in the banner. */
  readonly service: string;
  /** Where a signed-in person lands when no page asked for sign-in. */
  readonly home: string;
  /** The cookie that carries the token (HttpOnly, SameSite=Strict). */
  readonly cookieName?: string;
  /** Whether the cookie is sent over https only (set behind TLS). */
  readonly secureCookie?: boolean;
  /** How a developer gets a token for these pages, e.g. `--role auditor --org trafford-ig --area trafford`. */
  readonly tokenArgs?: string;
  /**
   * Sign-in through an OpenID provider (authorization code flow with PKCE), with server-side sessions in `sessions`
   * (docs/sign-in.md). Without it, people sign in by pasting a token.
   */
  readonly oidc?: { readonly signIn: OidcSignIn; readonly sessions: SessionStore };
  /** Whether pasting a token is offered (development only): by default only when there is no `oidc`. */
  readonly tokenSignIn?: boolean;
}

/** Sign-in, sign-out, and the middleware that puts the page's caller in `res.locals.caller`. */
export interface PageSession {
  /**
   * Adds `GET /sign-in`, `POST /sign-in` (token) and `POST /sign-out` to `app`; with `oidc`, also
   * `GET /auth/callback` and `GET /signed-out`.
   */
  mount(app: Express): void;
  /**
   * Verifies the session's access token (or, with token pasting on, the cookie's token); without a valid one,
   * redirects to the sign-in page and back afterwards. A state-changing request from another site is refused first
   * (403, `refuseCrossSite`).
   */
  readonly requireCaller: RequestHandler;
}

const SAFE_NEXT = /^\/(?!\/)[\w\-./?=&%]*$/;

/**
 * Sign-in for server-rendered pages. With `oidc`, through the identity provider: a server-side session whose cookie
 * holds a random id only, the provider's access token verified on every page exactly as the API verifies a bearer
 * token (`mountOidcSignIn`). Where `tokenSignIn` is on (development), the person may paste a token instead, which the
 * service verifies and keeps in an HttpOnly, SameSite=Strict cookie. Every page verifies again, so an expired token
 * signs the person out.
 */
export function createPageSession(options: PageSessionOptions): PageSession {
  const cookieName = options.cookieName ?? 'sharehub_token';
  const tokenSignIn = options.tokenSignIn ?? options.oidc === undefined;
  const oidc = options.oidc
    ? mountOidcSignIn({
        ...options.oidc,
        verifier: options.verifier,
        service: options.service,
        secureCookie: options.secureCookie ?? false,
        clearTokenCookie: cookieName,
      })
    : undefined;
  const form = (next: string, error?: string) =>
    renderPage(
      {
        title: 'Sign in',
        service: options.service,
        ...(error ? { errors: [{ text: error, fieldId: 'token' }] } : {}),
      },
      html`${
        oidc
          ? html`<p>
                  <a class="nhsuk-button" href="/sign-in/provider?next=${encodeURIComponent(next)}"
                    >Sign in with your organisation's account</a
                  >
                </p>
                <h2 class="nhsuk-heading-m">Or, in development, paste a token</h2>`
          : ''
      }
        <form method="post" action="/sign-in" novalidate>
          <input type="hidden" name="next" value="${next}" />
          <div class="nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}">
            <label class="nhsuk-label" for="token">Your token</label>
            <div class="nhsuk-hint" id="token-hint">
              Paste the token you were given (for development:
              <code>npm run -s token -- ${options.tokenArgs ?? '--role ROLE --org ORG --area AREA'}</code>).
            </div>
            ${error ? html`<span class="nhsuk-error-message" id="token-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${error}</span>` : ''}
            <textarea class="nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}" id="token" name="token" rows="5" aria-describedby="token-hint${error ? ' token-error' : ''}" required></textarea>
          </div>
          <button class="nhsuk-button" type="submit">Sign in</button>
        </form>`,
    );
  const nextOf = (value: unknown) =>
    typeof value === 'string' && SAFE_NEXT.test(value) ? value : options.home;
  return {
    mount(app) {
      oidc?.mount(app, nextOf, tokenSignIn);
      if (!tokenSignIn) return;
      app.get('/sign-in', (req, res) => {
        res.type('html').send(form(nextOf(req.query.next)));
      });
      app.post(
        '/sign-in',
        refuseCrossSite,
        express.urlencoded({ extended: false, limit: '16kb' }),
        (req, res, next) => {
          const body = req.body as { token?: unknown; next?: unknown };
          const token = typeof body.token === 'string' ? body.token.trim() : '';
          options.verifier.verify(token).then(
            () => {
              res.cookie(cookieName, token, {
                httpOnly: true,
                sameSite: 'strict',
                secure: options.secureCookie ?? false,
                path: '/',
              });
              res.redirect(303, nextOf(body.next));
            },
            (err: unknown) => {
              if (!(err instanceof AuthError)) return next(err);
              res
                .status(401)
                .type('html')
                .send(form(nextOf(body.next), `Not signed in: ${err.message}.`));
            },
          );
        },
      );
      app.post('/sign-out', refuseCrossSite, (_req, res) => {
        res.clearCookie(cookieName, { path: '/' });
        res.redirect(303, '/sign-in');
      });
    },
    requireCaller: (req, res, next) =>
      refuseCrossSite(req, res, (refused?: unknown) => {
        if (refused) return next(refused);
        const back = () => res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
        const fromToken = () => {
          const token = tokenSignIn ? parseCookies(req.header('cookie') ?? '')[cookieName] : undefined;
          if (!token) return back();
          options.verifier.verify(token).then(
            (caller) => {
              res.locals.caller = caller;
              next();
            },
            (err: unknown) => (err instanceof AuthError ? back() : next(err)),
          );
        };
        if (!oidc) return fromToken();
        oidc.callerOf(req, res).then((caller) => {
          if (!caller) return fromToken();
          res.locals.caller = caller;
          next();
        }, next);
      }),
  };
}
