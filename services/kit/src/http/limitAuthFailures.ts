import type { Options } from 'express-rate-limit';
import { ipKeyGenerator, MemoryStore } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { TooManyRequestsError } from '../errors.js';

/** How many failed authentications one client may have, and in how long a window (docs/SECURITY.md). */
export interface AuthFailureLimit {
  readonly limit: number;
  readonly windowMs: number;
}

/** The default limit: 30 failed authentications per client address in 5 minutes. */
export const AUTH_FAILURE_DEFAULTS: AuthFailureLimit = { limit: 30, windowMs: 5 * 60_000 };

/**
 * Counts the responses that failed authentication (401) per client address (an IPv6 client by its /56) in
 * express-rate-limit's fixed-window memory store; once a client has had `limit` of them in the window, every request
 * of its gets a 429 problem with `Retry-After` until the window ends. Only 401s count: not successes, not other
 * refusals, and not requests still in flight (a live stream lasts hours; express-rate-limit's own middleware counts a
 * request from its start and takes a success back only when it finishes). The count is per process.
 */
export function limitAuthFailures(options: AuthFailureLimit): RequestHandler {
  const store = new MemoryStore();
  store.init({ windowMs: options.windowMs } as Options);
  return (req, res, next) => {
    const key = ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    store.get(key).then((seen) => {
      if (seen && seen.totalHits >= options.limit) {
        const seconds = Math.max(
          1,
          Math.ceil(((seen.resetTime?.getTime() ?? Date.now()) - Date.now()) / 1000),
        );
        res.setHeader('Retry-After', String(seconds));
        return next(
          new TooManyRequestsError(
            'AUTH_FAILURES_LIMITED',
            'Too many failed authentications from this client; try again later',
            seconds,
          ),
        );
      }
      res.on('finish', () => {
        if (res.statusCode === 401) void store.increment(key);
      });
      next();
    }, next);
  };
}
