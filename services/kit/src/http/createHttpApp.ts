import { randomUUID } from 'node:crypto';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics, Counter, Gauge, Histogram } from 'prom-client';
import type { ConsumerMonitor } from '../health/ConsumerMonitor.js';
import type { Readiness, ReadinessReport } from '../health/createReadiness.js';
import { PROBLEM_JSON } from './problem.js';
import { AUTH_FAILURE_DEFAULTS, limitAuthFailures, type AuthFailureLimit } from './limitAuthFailures.js';
import { bindRequestLogger, requestLogger } from './requestLogger.js';

/** Options for {@link createHttpApp}. */
export interface HttpAppOptions {
  readonly service: string;
  readonly logger: Logger;
  /** Readiness check: true when every dependency the service needs answers (named `ready` in a 503). */
  readonly ready?: () => Promise<boolean>;
  /** Named, cached readiness checks (`createReadiness`); a 503 names those that failed. Wins over `ready`. */
  readonly readiness?: Readiness;
  /**
   * The service's consumers (the `ConsumerMonitor` its event bus reports to): `/metrics` shows their lag per
   * partition, records processed and dead letters written (docs/metrics.md).
   */
  readonly consumers?: ConsumerMonitor;
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
  if (options.consumers) registerConsumerMetrics(metrics, options.service, options.consumers);
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
  const readiness: Readiness = options.readiness ?? {
    report: async (): Promise<ReadinessReport> => {
      const ok = options.ready ? await options.ready().catch(() => false) : true;
      return { ready: ok, checks: [{ name: 'ready', ok, ...(ok ? {} : { reason: 'unavailable' }) }] };
    },
  };
  app.get('/readyz', async (_req, res) => {
    const report = await readiness.report();
    if (report.ready) {
      res.json({ status: 'ready', service: options.service, checks: report.checks });
      return;
    }
    // A problem (RFC 9457) naming the checks that failed; reasons name dependencies and codes, never contents.
    const failing = report.checks.filter((c) => !c.ok);
    res
      .status(503)
      .type(PROBLEM_JSON)
      .send(
        JSON.stringify({
          type: 'https://sharehub.example/problems/not-ready',
          title: 'NotReady',
          status: 503,
          code: 'NOT_READY',
          detail: `Not ready: ${failing.map((c) => `${c.name} (${c.reason ?? 'unavailable'})`).join(', ')}`,
          service: options.service,
          failing: failing.map((c) => c.name),
          checks: report.checks,
        }),
      );
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  // After the probes (never limited), before every route that authenticates.
  app.use(limitAuthFailures(options.authFailures ?? AUTH_FAILURE_DEFAULTS));
  return { app, metrics };
}

/** The consumer gauges and counters of a service, read from its monitor when `/metrics` is scraped. */
function registerConsumerMetrics(metrics: Registry, service: string, monitor: ConsumerMonitor): void {
  new Gauge({
    name: `sharehub_${service}_consumer_lag`,
    help: 'records between the consumer group position and the high watermark, per assigned partition',
    labelNames: ['group', 'topic', 'partition'],
    registers: [metrics],
    collect() {
      this.reset();
      for (const p of monitor.progress())
        this.set({ group: p.group, topic: p.topic, partition: String(p.partition) }, p.lag);
    },
  });
  new Gauge({
    name: `sharehub_${service}_consumer_behind_seconds`,
    help: 'seconds a partition that is behind has gone without progress (0 when caught up)',
    labelNames: ['group', 'topic', 'partition'],
    registers: [metrics],
    collect() {
      this.reset();
      for (const p of monitor.progress())
        this.set({ group: p.group, topic: p.topic, partition: String(p.partition) }, p.behindSeconds);
    },
  });
  new Counter({
    name: `sharehub_${service}_records_processed_total`,
    help: 'records consumed and committed, by the topic they were read from',
    labelNames: ['topic'],
    registers: [metrics],
    collect() {
      this.reset();
      for (const { topic, count } of monitor.processed()) this.inc({ topic }, count);
    },
  });
  new Counter({
    name: `sharehub_${service}_dead_letters_total`,
    help: 'dead letters written, by the topic their message was read from and the reason code',
    labelNames: ['topic', 'code'],
    registers: [metrics],
    collect() {
      this.reset();
      for (const { topic, code, count } of monitor.deadLetters()) this.inc({ topic, code }, count);
    },
  });
}
