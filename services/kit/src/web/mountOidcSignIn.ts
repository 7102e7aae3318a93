import { randomBytes } from 'node:crypto';
import type { CookieOptions, Express, Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { TokenVerifier } from '../auth/createTokenVerifier.js';
import type { Caller } from '../auth/claims.js';
import { AuthError } from '../errors.js';
import type { SessionStore } from '../ports/SessionStore.js';
import type { OidcSignIn } from './createOidcSignIn.js';
import { html } from './html.js';
import { pageSecurityHeaders } from './pageSecurityHeaders.js';
import { refuseCrossSite } from './refuseCrossSite.js';
import { renderPage } from './renderPage.js';

/** How long a person has at the provider's login page before the sign-in must start again. */
const SIGN_IN_TTL_MS = 10 * 60_000;

/** What {@link mountOidcSignIn} needs. */
export interface OidcSessionOptions {
  readonly signIn: OidcSignIn;
  readonly sessions: SessionStore;
  readonly verifier: TokenVerifier;
  /** The service's name in the banner, and in its cookie's name (one cookie per service, even on one host). */
  readonly service: string;
  readonly secureCookie: boolean;
  /** The token sign-in's cookie, cleared at sign-out too. */
  readonly clearTokenCookie: string;
}

/**
 * The identity provider's side of the page session: `GET /sign-in` (or `/sign-in/provider` beside the development
 * token form) sends the person to the provider with PKCE, `GET /auth/callback` completes it into a new server-side
 * session, `POST /sign-out` deletes the session and ends the provider's (RP-initiated logout), `GET /signed-out`
 * says so. The cookie holds a random id only: HttpOnly, SameSite=Lax (the provider's redirect back is a top-level
 * navigation from its site), Secure and `__Host-` prefixed behind TLS.
 */
export function mountOidcSignIn(options: OidcSessionOptions) {
  const { signIn, sessions, verifier } = options;
  const cookieName = `${options.secureCookie ? '__Host-' : ''}sharehub_${options.service.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_session`;
  const cookie: CookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secureCookie,
    path: '/',
  };
  const sessionId = (req: Request) => parseCookies(req.header('cookie') ?? '')[cookieName];
  const newId = () => randomBytes(32).toString('base64url');
  // A page's forms may lead to the provider: sign-out redirects there, and so does any post made once the session has
  // ended. Browsers apply `form-action` to every redirect a form's submission follows.
  const allowFormsToProvider = (res: Response) => {
    const csp = res.getHeader('Content-Security-Policy');
    if (typeof csp === 'string' && !csp.includes(signIn.providerOrigin))
      res.setHeader(
        'Content-Security-Policy',
        csp.replace("form-action 'self'", `form-action 'self' ${signIn.providerOrigin}`),
      );
  };
  const problemPage = (res: Response, status: number, title: string, message: string) =>
    res
      .status(status)
      .type('html')
      .send(
        renderPage(
          { title, service: options.service },
          html`<p class="error" role="alert">${message}</p>
            <p><a href="/sign-in">Sign in again</a></p>`,
        ),
      );

  return {
    /** Mounts the routes; `nextOf` keeps a return path on this site; `withTokenForm` leaves `/sign-in` to it. */
    mount(app: Express, nextOf: (value: unknown) => string, withTokenForm: boolean): void {
      app.use(['/sign-in', '/sign-out', '/auth/callback', '/signed-out'], pageSecurityHeaders);
      const start = (req: Request, res: Response, next: (err?: unknown) => void) => {
        signIn.start(nextOf(req.query.next)).then(async ({ url, pending }) => {
          const id = newId();
          await sessions.set(id, pending, SIGN_IN_TTL_MS);
          res.cookie(cookieName, id, cookie);
          res.redirect(303, url.href);
        }, next);
      };
      if (!withTokenForm) app.get('/sign-in', start);
      app.get('/sign-in/provider', start);
      app.get('/auth/callback', (req, res, next) => {
        void (async () => {
          const id = sessionId(req);
          const pending = id ? await sessions.get(id) : undefined;
          if (!id || pending?.kind !== 'signing-in')
            return problemPage(
              res,
              401,
              'Sign-in expired',
              'This sign-in has expired or was started elsewhere.',
            );
          await sessions.delete(id);
          let caller: Caller;
          let tokens: { accessToken: string; idToken?: string };
          try {
            tokens = await signIn.complete(req.originalUrl, pending);
            caller = await verifier.verify(tokens.accessToken);
          } catch (err) {
            if (!(err instanceof AuthError)) throw err;
            res.clearCookie(cookieName, cookie);
            return problemPage(res, 401, 'Not signed in', `Not signed in: ${err.message}.`);
          }
          // A new id once signed in: an id seen before sign-in (fixation) never becomes a signed-in session.
          const signedIn = newId();
          await sessions.set(
            signedIn,
            { kind: 'signed-in', ...tokens },
            caller.expiresAt.getTime() - Date.now(),
          );
          res.cookie(cookieName, signedIn, cookie);
          res.redirect(303, pending.next);
        })().catch(next);
      });
      app.post('/sign-out', refuseCrossSite, (req, res, next) => {
        void (async () => {
          const id = sessionId(req);
          const session = id ? await sessions.get(id) : undefined;
          if (id) await sessions.delete(id);
          res.clearCookie(cookieName, cookie);
          res.clearCookie(options.clearTokenCookie, { path: '/' });
          const end = signIn.endSessionUrl(session?.kind === 'signed-in' ? session.idToken : undefined);
          res.redirect(303, end?.href ?? '/signed-out');
        })().catch(next);
      });
      app.get('/signed-out', (_req, res) => {
        res.type('html').send(
          renderPage(
            { title: 'Signed out', service: options.service },
            html`<p>You have signed out. Close the browser if you are on a shared computer.</p>
              <p><a href="/sign-in">Sign in again</a></p>`,
          ),
        );
      });
    },
    /** The signed-in caller of this request's session, or nothing (no session, or its token no longer verifies). */
    async callerOf(req: Request, res: Response): Promise<Caller | undefined> {
      allowFormsToProvider(res);
      const id = sessionId(req);
      const session = id ? await sessions.get(id) : undefined;
      if (!id || session?.kind !== 'signed-in') return undefined;
      try {
        return await verifier.verify(session.accessToken);
      } catch (err) {
        if (!(err instanceof AuthError)) throw err;
        await sessions.delete(id);
        return undefined;
      }
    },
  };
}
