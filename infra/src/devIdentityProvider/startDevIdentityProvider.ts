import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { Provider, errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { SERVICE_AUDIENCES } from '@sharehub/kit/auth';
import { closeServer } from '@sharehub/kit/http';
import { html, renderPage, SafeHtml } from '@sharehub/kit/web';
import { infraDir } from '../paths.js';
import { renderDevLoginPage } from './renderDevLoginPage.js';
import { devAccounts, type DevAccount } from './devAccounts.js';
import {
  DEV_CLIENT_SECRET,
  DEV_IDP_PORT,
  DEV_SYSTEM_CLIENTS,
  DEV_TOKEN_CLIENT,
  devResourceFor,
} from './devClients.js';
import { ensureDevIdentityProviderKey } from './ensureDevIdentityProviderKey.js';

/** The development password of every person of the development provider. */
export const DEV_PASSWORD = 'sharehub-dev';

/** A service's pages, as a client of the development provider. */
export interface DevPageClient {
  /** The client id (`PAGE_OIDC_CLIENT_ID`); its secret is {@link DEV_CLIENT_SECRET}. */
  readonly clientId: string;
  /** Where people open the pages (`PAGE_PUBLIC_URL`). */
  readonly publicUrl: string;
  /** The audience of its access tokens (the service's). */
  readonly audience: string;
}

/** What {@link startDevIdentityProvider} is told. */
export interface DevIdentityProviderOptions {
  readonly host?: string;
  /** 0 for any free port. */
  readonly port?: number;
  /** The pages that sign people in (default: the inbox on 8081 and the audit service on 8082, as `npm start` runs). */
  readonly pageClients?: readonly DevPageClient[];
  /** The area directories the people come from (default `infra/directory`). */
  readonly directoryDir?: string;
  /** Where its signing key is kept (default `infra/keys`, git-ignored). */
  readonly keysDir?: string;
}

/** The running development provider. */
export interface DevIdentityProvider {
  readonly issuer: string;
  readonly accounts: readonly DevAccount[];
  close(): Promise<void>;
}

/** The inbox and IG pages as `npm start` runs them. */
export const DEV_PAGE_CLIENTS: readonly DevPageClient[] = [
  { clientId: 'sharehub-inbox-pages', publicUrl: 'http://127.0.0.1:8081', audience: SERVICE_AUDIENCES.inbox },
  { clientId: 'sharehub-audit-pages', publicUrl: 'http://127.0.0.1:8082', audience: SERVICE_AUDIENCES.audit },
];

const AUDIENCE_OF_RESOURCE = new Map<string, string>(
  Object.values(SERVICE_AUDIENCES).map((audience) => [devResourceFor(audience), audience]),
);

/**
 * A local OpenID provider for development and tests (`oidc-provider`, in this process): the people of the reference
 * directories sign in on its login page (authorization code flow with PKCE, for the pages), the police forces and
 * MARAC systems get tokens by the client-credentials grant, and `npm run -s token` asks it for any development
 * token. Access tokens are JWTs (RFC 9068) for one hub service each (the resource indicator, RFC 8707), carrying
 * `org`, `roles` and `areas`. Development only: nothing is persisted, every password is {@link DEV_PASSWORD}.
 */
export async function startDevIdentityProvider(
  options: DevIdentityProviderOptions = {},
): Promise<DevIdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  const accounts = devAccounts(options.directoryDir ?? join(infraDir, 'directory'));
  const byUsername = new Map(accounts.map((a) => [a.username, a]));
  const pageClients = options.pageClients ?? DEV_PAGE_CLIENTS;
  const key = await ensureDevIdentityProviderKey(options.keysDir ?? join(infraDir, 'keys'));

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String((err as Error).message));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEV_IDP_PORT, host, resolve);
  });
  const { port } = server.address() as { port: number };
  const issuer = `http://${host}:${port}`;

  const resourceOfPageClient = (clientId: string | undefined) => {
    const audience = pageClients.find((c) => c.clientId === clientId)?.audience;
    return audience ? devResourceFor(audience) : undefined;
  };
  const claimsOfSystem = (ctx: KoaContextWithOIDC, clientId: string) => {
    if (clientId === DEV_TOKEN_CLIENT) {
      // The development token client is given the claims by `npm run -s token` (development only).
      const body = (ctx.oidc.body ?? {}) as Record<string, unknown>;
      const list = (v: unknown) => (typeof v === 'string' ? v.split(' ').filter(Boolean) : []);
      return { org: body.org, roles: list(body.roles), areas: list(body.areas) };
    }
    const system = DEV_SYSTEM_CLIENTS.find((c) => c.clientId === clientId);
    return system ? { org: system.org, roles: [...system.roles], areas: [...system.areas] } : undefined;
  };
  const resourceServer = (audience: string) => ({
    audience,
    scope: 'hub',
    accessTokenTTL: 3600,
    accessTokenFormat: 'jwt' as const,
    jwt: { sign: { alg: 'EdDSA' as const } },
  });

  const configuration: Configuration = {
    clients: [
      ...pageClients.map((c) => ({
        client_id: c.clientId,
        client_secret: DEV_CLIENT_SECRET,
        grant_types: ['authorization_code'],
        response_types: ['code' as const],
        redirect_uris: [new URL('/auth/callback', c.publicUrl).href],
        post_logout_redirect_uris: [new URL('/signed-out', c.publicUrl).href],
        id_token_signed_response_alg: 'EdDSA' as const,
      })),
      ...[...DEV_SYSTEM_CLIENTS.map((c) => c.clientId), DEV_TOKEN_CLIENT].map((clientId) => ({
        client_id: clientId,
        client_secret: DEV_CLIENT_SECRET,
        grant_types: ['client_credentials'],
        response_types: [] as const,
        redirect_uris: [],
        id_token_signed_response_alg: 'EdDSA' as const,
      })),
    ],
    jwks: { keys: [key] },
    cookies: { keys: [DEV_CLIENT_SECRET] },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 3600,
      ClientCredentials: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Grant: 8 * 3600,
      Session: 8 * 3600,
    },
    claims: { openid: ['sub'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = renderPage(
            { title: 'Sign out', service: 'development identity provider' },
            html`${new SafeHtml(form)}
              <p>Sign out of the development identity provider too?</p>
              <p>
                <button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
                <button class="secondary" type="submit" form="op.logoutForm">No, stay signed in</button>
              </p>`,
          );
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx, _client, oneOf) =>
          oneOf ?? resourceOfPageClient(ctx.oidc.client?.clientId) ?? undefined!,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          const audience = AUDIENCE_OF_RESOURCE.get(indicator);
          if (!audience) throw new errors.InvalidTarget();
          return resourceServer(audience);
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The hub's pages are first-party: the grant is made at sign-in, no consent screen.
    loadExistingGrant: async (ctx) => {
      const oidc = ctx.oidc;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({
        clientId: oidc.client!.clientId,
        accountId: oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid');
      const resource = resourceOfPageClient(oidc.client!.clientId);
      if (resource) grant.addResourceScope(resource, 'hub');
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, id) =>
      byUsername.has(id) ? { accountId: id, claims: () => ({ sub: id }) } : undefined,
    extraTokenClaims: (ctx, token) => {
      if (token.kind === 'ClientCredentials') return claimsOfSystem(ctx, token.clientId!);
      const account = token.accountId ? byUsername.get(token.accountId) : undefined;
      return account ? { org: account.org, roles: [...account.roles], areas: [...account.areas] } : undefined;
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) return callback(req, res);
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    };
    const details = await provider.interactionDetails(req, res);
    const action = `/interaction/${details.uid}/login`;
    if (req.method === 'GET' && !match[2]) return send(200, renderDevLoginPage(action, accounts));
    if (req.method !== 'POST' || !match[2]) return send(405, 'method not allowed');
    const form = new URLSearchParams(await readBody(req));
    const login = form.get('login') ?? '';
    const account = byUsername.get(login);
    if (!account || !samePassword(form.get('password') ?? ''))
      return send(
        401,
        renderDevLoginPage(action, accounts, { error: 'Unknown login name or wrong password', login }),
      );
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.username } },
      {
        mergeWithLastSubmission: false,
      },
    );
  }

  return {
    issuer,
    accounts,
    close: () => closeServer(server),
  };
}

function samePassword(given: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(DEV_PASSWORD);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 16_384) throw new Error('the login form is too large');
  }
  return body;
}
