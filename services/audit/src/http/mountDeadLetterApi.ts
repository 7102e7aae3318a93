import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { callerOf, requireRole, type TokenVerifier } from '@sharehub/kit/auth';
import type { DeadLetterStore } from '../deadletters/DeadLetterStore.js';
import { listDeadLetters } from '../deadletters/listDeadLetters.js';
import { parseRedriveRequest } from '../deadletters/parseRedriveRequest.js';
import type { RedriveRequest, RedriveResult } from '../deadletters/redriveDeadLetters.js';

/** What the operator's dead-letter API and pages are built from (main.ts passes the SQL store and the bus). */
export interface DeadLetterDeps {
  readonly store: DeadLetterStore;
  readonly redrive: (request: RedriveRequest) => Promise<RedriveResult>;
  /** How many dead letters a list shows at most. */
  readonly listMax: number;
}

/**
 * The operator's dead-letter API, for the admin role within its areas: `GET /v1/operator/dead-letters` lists them
 * (no contents), `POST /v1/operator/dead-letters/redrive` sends named ones, or all of a reason code, back to their
 * topics once, each with a REDRIVEN audit record.
 */
export function mountDeadLetterApi(
  app: Express,
  deps: DeadLetterDeps & { readonly verifier: TokenVerifier },
): void {
  const adminOnly = [deps.verifier.authenticate, requireRole('admin')];
  const handle =
    (handler: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    (req: Request, res: Response, next: NextFunction) => {
      handler(req, res).catch(next);
    };
  app.get(
    '/v1/operator/dead-letters',
    ...adminOnly,
    handle(async (req, res) => {
      res.json({
        deadLetters: await listDeadLetters(deps.store, callerOf(res), req.query, deps.listMax),
      });
    }),
  );
  app.post(
    '/v1/operator/dead-letters/redrive',
    ...adminOnly,
    handle(async (req, res) => {
      res.json(await deps.redrive({ ...parseRedriveRequest(req.body), caller: callerOf(res) }));
    }),
  );
}
