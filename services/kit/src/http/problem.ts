import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import {
  type ErrorKind,
  NotFoundError,
  PayloadTooLargeError,
  SharehubError,
  TooManyRequestsError,
  UnavailableError,
  ValidationError,
} from '../errors.js';
import { requestLogger } from './requestLogger.js';

/** The media type of every HTTP rejection (RFC 9457). */
export const PROBLEM_JSON = 'application/problem+json';

/** An RFC 9457 problem document with the hub's stable `code` and, for 400s, every field problem. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: ReadonlyArray<{ path: string; code: string; message: string }>;
}

/** The HTTP status of each kind of error. */
export const STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  unprocessable: 422,
  'too-many-requests': 429,
  internal: 500,
  unavailable: 503,
};

/** Turns any error into the problem document and status to answer with (unknown errors become a bare 500). */
export function toProblem(err: unknown, instance?: string): Problem {
  if (err instanceof SharehubError) {
    return {
      type: `https://sharehub.example/problems/${err.code.toLowerCase().replaceAll('_', '-')}`,
      title: err.name,
      status: STATUS_OF_KIND[err.kind],
      code: err.code,
      detail: err.message,
      ...(instance ? { instance } : {}),
      ...(err instanceof ValidationError ? { errors: err.problems } : {}),
    };
  }
  const e = err as { type?: string; status?: number; limit?: number };
  if (e.type === 'entity.too.large') return toProblem(new PayloadTooLargeError(e.limit ?? 0), instance);
  if (e.type === 'entity.parse.failed') {
    return toProblem(
      new ValidationError(
        [{ path: '', code: 'INVALID_JSON', message: 'The body is not valid JSON' }],
        'The body is not valid JSON',
        'INVALID_JSON',
      ),
      instance,
    );
  }
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    code: 'INTERNAL',
    detail: 'Something went wrong; it has been logged',
    ...(instance ? { instance } : {}),
  };
}

/** Express error handler: answers `application/problem+json`, logs 5xx only (with the cause), never the body. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const problem = toProblem(err, req.originalUrl.split('?')[0]);
    // The route pattern, never the path: a path can hold a person id (`/v1/audit/subject-access/:personId`).
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    if (problem.status >= 500) requestLogger(res, logger).error({ err, route }, 'request failed');
    if (err instanceof UnavailableError || err instanceof TooManyRequestsError)
      res.setHeader('Retry-After', String(err.retryAfterSeconds));
    res.status(problem.status).type(PROBLEM_JSON).send(JSON.stringify(problem));
  };
}

/** The last route: anything unmatched is a 404 problem. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError('ROUTE_NOT_FOUND', `No route for ${req.method} ${req.path}`));
};
