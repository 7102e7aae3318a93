import type { Express } from 'express';
import type { Logger } from 'pino';
import { notFoundHandler, problemHandler } from './problem.js';

/** Adds the 404 route and the problem+json error handler; call after the service's own routes. */
export function finishHttpApp(app: Express, logger: Logger): Express {
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}
