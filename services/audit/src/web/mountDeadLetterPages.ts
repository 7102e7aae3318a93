import express, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { ForbiddenError, NotFoundError, type Logger } from '@sharehub/kit';
import { type Caller } from '@sharehub/kit/auth';
import { pageErrorHandler, type PageSession } from '@sharehub/kit/web';
import type { DeadLetterDeps } from '../http/mountDeadLetterApi.js';
import { listDeadLetters } from '../deadletters/listDeadLetters.js';
import { parseRedriveRequest } from '../deadletters/parseRedriveRequest.js';
import { renderDeadLetterPage, renderOperatorErrorPage } from './renderDeadLetterPage.js';

/**
 * The operator's dead-letter pages, for the admin role (plain HTML, no script, the IG pages' session):
 * `GET /operator/dead-letters` lists those of the operator's areas, `POST /operator/dead-letters/redrive` (a form)
 * re-drives one, or every waiting one of a reason code, and returns to the list saying how many went.
 */
export function mountDeadLetterPages(
  app: Express,
  deps: DeadLetterDeps & { readonly session: PageSession; readonly logger: Logger },
): void {
  const adminsOnly: RequestHandler = (_req, res, next) =>
    next(
      callerIn(res)?.roles.includes('admin')
        ? undefined
        : new ForbiddenError('ROLE_REQUIRED', 'The dead-letter pages need the role admin'),
    );
  const handle =
    (handler: (req: Request, res: Response, caller: Caller) => Promise<void>): RequestHandler =>
    (req: Request, res: Response, next: NextFunction) => {
      handler(req, res, callerIn(res)!).catch(next);
    };

  app.get(
    '/operator/dead-letters',
    deps.session.requireCaller,
    adminsOnly,
    handle(async (req, res, caller) => {
      const q = req.query as Record<string, unknown>;
      const letters = await listDeadLetters(deps.store, caller, q, deps.listMax);
      const str = (v: unknown) => (typeof v === 'string' ? v : '');
      const notice =
        typeof q.redriven === 'string'
          ? `Re-driven: ${Number(q.redriven) || 0}; already re-driven before: ${Number(q.already) || 0}.`
          : undefined;
      res.type('html').send(
        renderDeadLetterPage({
          caller,
          letters,
          filter: { reasonCode: str(q.reasonCode), topic: str(q.topic), state: str(q.state) || 'waiting' },
          ...(notice ? { notice } : {}),
        }),
      );
    }),
  );

  app.post(
    '/operator/dead-letters/redrive',
    deps.session.requireCaller,
    adminsOnly,
    express.urlencoded({ extended: false, limit: '16kb' }),
    handle(async (req, res, caller) => {
      const result = await deps.redrive({ ...parseRedriveRequest(req.body), caller });
      res.redirect(
        303,
        `/operator/dead-letters?redriven=${result.redriven.length}&already=${result.alreadyRedriven.length}`,
      );
    }),
  );

  app.use('/operator', ((req, _res, next) =>
    next(new NotFoundError('PAGE_NOT_FOUND', `No page at ${req.baseUrl}${req.path}`))) as RequestHandler);
  app.use(
    '/operator',
    pageErrorHandler(deps.logger, ({ problem, res }) => renderOperatorErrorPage(problem, callerIn(res))),
  );
}

function callerIn(res: Response): Caller | undefined {
  return res.locals.caller as Caller | undefined;
}
