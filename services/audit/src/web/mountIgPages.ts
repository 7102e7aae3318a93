import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { CheckpointPublicKeys } from '@sharehub/audit-log';
import { ForbiddenError, NotFoundError } from '@sharehub/kit';
import { type Caller } from '@sharehub/kit/auth';
import {
  createPageSession,
  dashboardFormQuery,
  mountPageAssets,
  pageErrorHandler,
  pageSecurityHeaders,
  type PageSession,
} from '@sharehub/kit/web';
import type { AuditRecord } from '@sharehub/schemas';
import { AuditQueryError } from '../errors.js';
import type { AuditGrantedAccess } from '../http/auditGrantedAccess.js';
import type { AuditAppDeps } from '../http/AuditAppDeps.js';
import { readRecordWithProof } from '../http/readRecordWithProof.js';
import { searchRecords } from '../http/searchRecords.js';
import { sendSubjectAccess } from '../http/sendSubjectAccess.js';
import { readDashboardFigures } from '../dashboard/readDashboardFigures.js';
import { renderDashboardPage } from './renderDashboardPage.js';
import { renderErrorPage } from './renderErrorPage.js';
import { renderRecordPage } from './renderRecordPage.js';
import { exportHref, renderSearchPage } from './renderSearchPage.js';
import { searchFormQuery } from './searchFormQuery.js';
import { verifyRecordProof } from './verifyRecordProof.js';

/** What the IG pages are built from: the API's adapters and its refusal auditing middleware. */
export type IgPagesDeps = Pick<
  AuditAppDeps,
  | 'index'
  | 'log'
  | 'checkpointKeys'
  | 'verifier'
  | 'logger'
  | 'clock'
  | 'pageSize'
  | 'secureCookie'
  | 'pageSignIn'
> & {
  /** The API's `auditRefusedAccess` middleware: a non-auditor's visit becomes the same ACCESS_REFUSED record. */
  readonly auditRefusal: RequestHandler;
  /** The API's ACCESS_GRANTED auditing: every page that shows records writes the same records as the API. */
  readonly auditRead: AuditGrantedAccess;
};

/**
 * Mounts the IG web pages for auditors (plain server-rendered HTML, no script): token sign-in (`/sign-in`,
 * `/sign-out`), `/ig` search, `/ig/records/:auditId` one record with its proof status verified server-side, and
 * `/ig/subject-access/:personId?format=csv|json`, `/ig/dashboard` the figures of the caller's areas. Anyone else signed in gets a 403 page and an ACCESS_REFUSED
 * record; every failure answers an HTML page. Call before the API routes and `finishHttpApp`. Returns the page
 * session, for the service's other pages (the operator's dead letters).
 */
export function mountIgPages(app: Express, deps: IgPagesDeps): PageSession {
  const session = createPageSession({
    verifier: deps.verifier,
    service: 'Audit',
    home: '/ig',
    tokenArgs: '--role auditor --org trafford-ig --area trafford',
    ...(deps.secureCookie ? { secureCookie: true } : {}),
    ...deps.pageSignIn,
  });
  mountPageAssets(app);
  app.use(['/ig', '/sign-in', '/sign-out', '/operator'], pageSecurityHeaders);
  session.mount(app);
  app.get('/', (_req, res) => res.redirect(303, '/ig'));

  const auditorsOnly: RequestHandler = (_req, res, next) =>
    next(
      callerIn(res)?.roles.includes('auditor')
        ? undefined
        : new ForbiddenError('ROLE_REQUIRED', 'The IG pages need the role auditor'),
    );
  const page = (path: string, handler: (req: Request, res: Response, caller: Caller) => Promise<void>) =>
    app.get(path, session.requireCaller, deps.auditRefusal, auditorsOnly, ((
      req: Request,
      res: Response,
      next: NextFunction,
    ) => {
      handler(req, res, callerIn(res)!).catch(next);
    }) as RequestHandler);

  page('/ig', async (req, res, caller) => {
    const form = searchFormQuery(req.query);
    let results: Parameters<typeof renderSearchPage>[0]['results'] = null;
    let problems: AuditQueryError['problems'] | null = null;
    if (form.searched) {
      try {
        const { rows, nextCursor } = await searchRecords(
          deps.index,
          form.apiQuery,
          deps.pageSize,
          caller.areas,
        );
        await deps.auditRead(caller, { route: '/ig', purpose: 'IG_SEARCH', rows });
        results = {
          records: rows.map((row) => ({
            leafIndex: row.leafIndex,
            record: JSON.parse(row.recordJson) as AuditRecord,
          })),
          nextHref: nextCursor ? searchHref(form.values, nextCursor) : null,
          firstHref: form.cursor ? searchHref(form.values) : null,
        };
      } catch (err) {
        if (!(err instanceof AuditQueryError)) throw err;
        problems = err.problems;
      }
    }
    res
      .status(problems ? 400 : 200)
      .type('html')
      .send(renderSearchPage({ caller, values: form.values, problems, results }));
  });

  page('/ig/records/:auditId', async (req, res, caller) => {
    const found = await readRecordWithProof(deps.index, deps.log, String(req.params.auditId), caller.areas);
    await deps.auditRead(caller, {
      route: '/ig/records/:auditId',
      purpose: 'IG_RECORD_READ',
      rows: [found.row],
    });
    const proof = await verifyRecordProof(found, deps.checkpointKeys as CheckpointPublicKeys | undefined);
    res.type('html').send(
      renderRecordPage({
        caller,
        record: JSON.parse(found.row.recordJson) as AuditRecord,
        leafIndex: found.row.leafIndex,
        leafHash: found.row.leafHash,
        proof,
      }),
    );
  });

  // Counts only (no person, no record shown), so no ACCESS_GRANTED record: the figures name teams, rules and days.
  page('/ig/dashboard', async (req, res, caller) => {
    const now = deps.clock.now().toISOString();
    const form = dashboardFormQuery(req.query, caller.areas, now);
    const figures =
      form.problems.length === 0 ? await readDashboardFigures(deps.index, { ...form.query, now }) : null;
    res
      .status(form.problems.length > 0 ? 400 : 200)
      .type('html')
      .send(await renderDashboardPage({ caller, form, figures }));
  });

  // The export form cannot put the person id in the path without script; it lands here and is sent on.
  page('/ig/subject-access', async (req, res) => {
    const { personId, format } = req.query;
    if (typeof personId !== 'string' || personId.trim() === '' || personId.length > 200)
      throw new AuditQueryError([
        { path: 'personId', code: 'INVALID', message: 'must be given once, as 1 to 200 characters' },
      ]);
    res.redirect(303, exportHref(personId.trim(), format === 'json' ? 'json' : 'csv'));
  });

  page('/ig/subject-access/:personId', async (req, res, caller) => {
    await sendSubjectAccess(
      res,
      {
        personId: String(req.params.personId),
        format: req.query.format ?? 'csv',
        areas: caller.areas,
        jsonDisposition: 'attachment',
      },
      deps,
      (rows) =>
        deps.auditRead(caller, {
          route: '/ig/subject-access/:personId',
          purpose: 'SUBJECT_ACCESS_EXPORT',
          rows,
        }),
    );
  });

  app.use('/ig', ((req, _res, next) =>
    next(new NotFoundError('PAGE_NOT_FOUND', `No page at ${req.baseUrl}${req.path}`))) as RequestHandler);
  app.use(
    '/ig',
    pageErrorHandler(deps.logger, ({ problem, res }) => renderErrorPage(problem, callerIn(res))),
  );
  return session;
}

function callerIn(res: Response): Caller | undefined {
  return res.locals.caller as Caller | undefined;
}

function searchHref(values: Readonly<Record<string, string>>, cursor?: string): string {
  const params = new URLSearchParams(values);
  if (cursor) params.set('cursor', cursor);
  return `/ig?${params.toString()}`;
}
