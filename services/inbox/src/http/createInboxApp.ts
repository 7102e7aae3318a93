import type { Express } from 'express';
import { type ConsumerMonitor, type Logger, type Readiness } from '@sharehub/kit';
import { type TokenVerifier } from '@sharehub/kit/auth';
import { createHttpApp, finishHttpApp, type AuthFailureLimit } from '@sharehub/kit/http';
import { createPageSession, mountPageAssets, pageSecurityHeaders, type PageSignIn } from '@sharehub/kit/web';
import type { InboxOperations } from '../inboxOperations.js';
import { mountInboxPages } from '../web/inboxPages.js';
import { mountTeamDashboardPages } from '../web/teamDashboardPages.js';
import { mountTriagePages } from '../web/triagePages.js';
import { pageErrorHandler } from '../web/pageErrorHandler.js';
import { mountApiRoutes } from './apiRoutes.js';

/** What the inbox's HTTP side is built from (adapters are passed in; see main.ts). */
export interface InboxAppDeps {
  readonly ops: InboxOperations;
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  readonly pageSize: { readonly default: number; readonly max: number };
  readonly streamPollMs: number;
  /** Live streams one token may hold at once (then 429). */
  readonly streamsPerToken: number;
  /** The audit service, whose IG pages the inbox links to for auditors. */
  readonly auditUrl: string;
  readonly secureCookie?: boolean;
  /** How the pages sign people in (the identity provider, or pasting a token in development); default: a token. */
  readonly pageSignIn?: PageSignIn;
  /** Readiness: the store answers and the broker answers. */
  readonly ready?: () => Promise<boolean>;
  /** Named readiness checks (broker, database, consumers); wins over `ready`. */
  readonly readiness?: Readiness;
  /** The consumers' lag, records processed and dead letters, on `/metrics` (docs/metrics.md). */
  readonly consumers?: ConsumerMonitor;
  /** Failed authentications per client before 429s (the kit's default if unset). */
  readonly authFailures?: AuthFailureLimit;
}

/** The inbox's HTTP app: the JSON API under `/v1/inbox`, the web pages, sign-in, health, readiness and metrics. */
export function createInboxApp(deps: InboxAppDeps): Express {
  const { app } = createHttpApp({
    service: 'inbox',
    logger: deps.logger,
    ...(deps.ready ? { ready: deps.ready } : {}),
    ...(deps.readiness ? { readiness: deps.readiness } : {}),
    ...(deps.consumers ? { consumers: deps.consumers } : {}),
    ...(deps.authFailures ? { authFailures: deps.authFailures } : {}),
  });
  const session = createPageSession({
    verifier: deps.verifier,
    service: 'Inbox',
    home: '/inbox',
    tokenArgs: '--role recipient --org tr-hv-central --area trafford',
    ...(deps.secureCookie ? { secureCookie: true } : {}),
    ...deps.pageSignIn,
  });
  mountPageAssets(app);
  app.use(['/inbox', '/triage', '/sign-in', '/sign-out'], pageSecurityHeaders);
  session.mount(app);
  mountApiRoutes(app, deps);
  const pages = { ops: deps.ops, session, pageSize: deps.pageSize, auditUrl: deps.auditUrl };
  mountTeamDashboardPages(app, pages);
  mountInboxPages(app, pages);
  mountTriagePages(app, pages);
  app.use(pageErrorHandler(deps.logger));
  return finishHttpApp(app, deps.logger);
}
