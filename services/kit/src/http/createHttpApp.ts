import { randomUUID } from 'node:crypto';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics, Gauge, Histogram } from 'prom-client';
import { AUTH_FAILURE_DEFAULTS, limitAuthFailures, type AuthFailureLimit } from './limitAuthFailures.js';
import { bindRequestLogger, requestLogger } from './requestLogger.js';

/** Options for {@link createHttpApp}. */
export interface HttpAppOptions {
  readonly service: string;
  readonly logger: Logger;
  /** Readiness check: true when every dependency the service needs answers. */
  readonly ready?: () => Promise<boolean>;
  /** JSON body limit (bytes); larger bodies get a 413 problem. */
  readonly bodyLimitBytes?: number;
  /** Other JSON body limits (bytes) for the paths named (a batch route, say), instead of `bodyLimitBytes`. */
  readonly bodyLimitsByPath?: Readonly<Record<string, number>>;
  readonly metrics?: Registry;
  /** Failed authentications per client before 429s (default `AUTH_FAILURE_DEFAULTS`). */
  readonly authFailures?: AuthFailureLimit;
  /** Gauges read when `/metrics` is scraped, each named `sharehub_<service>_<name>`. */
  readonly gauges?: ReadonlyArray<{ readonly name: string; readonly help: string; value(): number }>;
}

/**
 * An express app with what every hub service needs before its own routes: a request id and a request-scoped logger
 * (`requestLogger(res)`), structured request logs at debug (method, route, status, duration: never bodies or tokens), JSON bodies with a size limit, `/healthz`, `/readyz`
 * and `/metrics`, then a limit on failed authentications per client (429 with `Retry-After`). Add routes, then call `finishHttpApp` to add the 404 and problem handlers.
 */
export function createHttpApp(options: HttpAppOptions): { app: Express; metrics: Registry } {
  const app = express();
  const metrics = options.metrics ?? new Registry();
  if (!options.metrics) collectDefaultMetrics({ register: metrics, prefix: `sharehub_${options.service}_` });
  const duration = new Histogram({
    name: `sharehub_${options.service}_http_request_duration_seconds`,
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [metrics],
  });
  for (const g of options.gauges ?? [])
    new Gauge({
      name: `sharehub_${options.service}_${g.name}`,
      help: g.help,
      registers: [metrics],
      collect() {
        this.set(g.value());
      },
    });
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header('x-request-id');
    const reqId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    bindRequestLogger(res, options.logger, reqId);
    res.setHeader('X-Request-Id', reqId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      duration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      // One line per request at debug only: at info a request costs no logging (the histogram above counts it).
      if (options.logger.isLevelEnabled('debug'))
        requestLogger(res).debug(
          { method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) },
          'request',
        );
    });
    next();
  });
  const jsonBodies = (limit: number) =>
    express.json({ limit, type: ['application/json', 'application/*+json'] });
  const parseJson = jsonBodies(options.bodyLimitBytes ?? 256 * 1024);
  const parseJsonByPath = new Map(
    Object.entries(options.bodyLimitsByPath ?? {}).map(([path, limit]) => [path, jsonBodies(limit)]),
  );
  app.use((req: Request, res: Response, next: NextFunction) =>
    (parseJsonByPath.get(req.path) ?? parseJson)(req, res, next),
  );
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.service });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = options.ready ? await options.ready().catch(() => false) : true;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', service: options.service });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  // After the probes (never limited), before every route that authenticates.
  app.use(limitAuthFailures(options.authFailures ?? AUTH_FAILURE_DEFAULTS));
  return { app, metrics };
}
