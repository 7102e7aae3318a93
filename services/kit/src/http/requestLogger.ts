import type { Response } from 'express';
import type { Logger } from 'pino';

const KEY = 'requestLogger';

/**
 * The request-scoped logger: the service's logger with this request's `reqId` bound, made on first use and kept for
 * the rest of the request (`createHttpApp` sets it up; without it, the given fallback). Log through it instead of
 * passing the request id by hand.
 */
export function requestLogger(res: Response, fallback?: Logger): Logger {
  const locals = res.locals as { [KEY]?: Logger | (() => Logger) };
  const held = locals[KEY];
  if (typeof held === 'function') {
    const made = held();
    locals[KEY] = made;
    return made;
  }
  if (held) return held;
  if (fallback) return fallback;
  throw new Error('requestLogger: no logger for this request (is the app made by createHttpApp?)');
}

/** Binds the request-scoped logger of {@link requestLogger} to a response, lazily (no child logger unless used). */
export function bindRequestLogger(res: Response, logger: Logger, reqId: string): void {
  (res.locals as Record<string, unknown>)[KEY] = () => logger.child({ reqId });
}
