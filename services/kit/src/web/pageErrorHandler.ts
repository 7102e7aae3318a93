import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import { toProblem, type Problem } from '../http/problem.js';
import { requestLogger } from '../http/requestLogger.js';

/** What a service's error page is drawn from: the problem the API would answer, the error, and the request. */
export interface PageErrorContext {
  readonly problem: Problem;
  readonly err: unknown;
  readonly req: Request;
  readonly res: Response;
}

/**
 * The pages' twin of the problem handler, one for every service: the same status and code the API would give, as
 * the HTML page `render` draws; 5xx logged with the request's logger and the route pattern (never the path, which can
 * hold a person's id), never the body. Requests `passOn` selects (e.g. the API's) go on to the problem handler.
 */
export function pageErrorHandler(
  logger: Logger,
  render: (context: PageErrorContext) => string,
  passOn: (req: Request) => boolean = () => false,
): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (passOn(req) || res.headersSent) {
      next(err);
      return;
    }
    const problem = toProblem(err, req.originalUrl.split('?')[0]);
    if (problem.status >= 500) {
      const route =
        `${req.baseUrl}${(req.route as { path?: string } | undefined)?.path ?? ''}` || 'unmatched';
      requestLogger(res, logger).error({ err, route }, 'page failed');
    }
    res.status(problem.status).type('html').send(render({ problem, err, req, res }));
  };
}
