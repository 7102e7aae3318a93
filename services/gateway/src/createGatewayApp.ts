import type { Express, Request, Response, NextFunction } from 'express';
import type { EventBus, FaultPoint, Logger, Clock, Readiness } from '@sharehub/kit';
import { callerOf, requireRole, type TokenVerifier } from '@sharehub/kit/auth';
import { createHttpApp, finishHttpApp, toProblem, type AuthFailureLimit } from '@sharehub/kit/http';
import { acceptEvents, type AcceptOutcome } from './acceptEvents.js';
import type { AcceptedEventLedger, EventCodecPort } from './ports.js';
import { PUBLISH_ROUTES } from './publishRoutes.js';
import { readBatch } from './readBatch.js';

export type { Accepted } from './acceptEvents.js';

/** The path of the batch publishing endpoint (ADR 0044). */
export const BATCH_PATH = '/v1/events:batch';

/** What the gateway is built from (adapters are passed in; see main.ts). */
export interface GatewayDeps {
  readonly bus: EventBus;
  readonly codec: EventCodecPort;
  readonly ledger: AcceptedEventLedger;
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly keySecret: string;
  readonly bodyLimitBytes: number;
  /** The body limit of `POST /v1/events:batch` (default 4 MiB). */
  readonly batchBodyLimitBytes?: number;
  readonly publishTimeoutMs: number;
  /** Prefix of every topic name (empty in production). */
  readonly topicPrefix?: string;
  /** Failed authentications per client before 429s (the kit's default if unset). */
  readonly authFailures?: AuthFailureLimit;
  /** Where a fault test may pause the gateway (docs/adr/0102-fault-points.md); a no-op unless armed. */
  readonly faultPoint?: FaultPoint;
  /** Named, cached readiness checks (main: the broker, and the ledger's database when on PostgreSQL); unset, the broker is asked on every probe. */
  readonly readiness?: Readiness;
}

/** One item's answer in a batch: the status and body the single route would have answered (202 or 200 and the
 * acceptance, or the problem document). */
export interface BatchResult {
  readonly status: number;
  readonly body: unknown;
}

/**
 * The publishing API. Each POST is authenticated, authorised for its force and area, validated against the
 * event's Avro schema (every problem with its path), its id claimed in the ledger for its body (the same body
 * again is answered as the first time; another body under the same id is a 409, even when both arrive at once), and
 * written to Kafka; the 202 comes only after the broker acknowledged the write. A write not confirmed in time is a
 * 503 `OUTCOME_UNKNOWN`: it may have landed, and a retry with the same body is safe. `POST /v1/events:batch` does
 * the same for up to 500 events at once, each on its own, with one write for all it accepts (ADR 0044).
 */
export function createGatewayApp(deps: GatewayDeps): Express {
  const { app } = createHttpApp({
    service: 'gateway',
    logger: deps.logger,
    bodyLimitBytes: deps.bodyLimitBytes,
    bodyLimitsByPath: { [BATCH_PATH]: deps.batchBodyLimitBytes ?? 4 * 1024 * 1024 },
    ready: () => deps.bus.isHealthy(),
    ...(deps.readiness ? { readiness: deps.readiness } : {}),
    ...(deps.authFailures ? { authFailures: deps.authFailures } : {}),
  });
  for (const route of PUBLISH_ROUTES) {
    app.post(
      route.path,
      deps.verifier.authenticate,
      requireRole('publisher'),
      (req: Request, res: Response, next: NextFunction) => {
        acceptEvents(deps, callerOf(res), [{ route, body: req.body }]).then(([outcome]) => {
          if ('error' in outcome!) return next(outcome.error);
          // A repeat is answered as the first time: 202 and the first acceptance.
          res.status(202).json(outcome!.accepted);
        }, next);
      },
    );
  }
  const routesByType = new Map(PUBLISH_ROUTES.map((r) => [r.type as string, r]));
  app.post(
    // Escaped: a colon would start a path parameter.
    BATCH_PATH.replace(':', '\\:'),
    deps.verifier.authenticate,
    requireRole('publisher'),
    (req: Request, res: Response, next: NextFunction) => {
      const items = readBatch(req.body, routesByType);
      const toAccept = items.flatMap((item) => ('invalid' in item ? [] : [item]));
      acceptEvents(deps, callerOf(res), toAccept).then((outcomes) => {
        let taken = 0;
        const results: BatchResult[] = items.map((item) =>
          'invalid' in item
            ? problemResult(item.invalid, BATCH_PATH)
            : resultOf(outcomes[taken++]!, item.route.path),
        );
        res.status(200).json({ results });
      }, next);
    },
  );
  return finishHttpApp(app, deps.logger);
}

const problemResult = (err: unknown, instance: string): BatchResult => {
  const problem = toProblem(err, instance);
  return { status: problem.status, body: problem };
};

const resultOf = (outcome: AcceptOutcome, instance: string): BatchResult =>
  'error' in outcome
    ? problemResult(outcome.error, instance)
    : { status: outcome.status, body: outcome.accepted };
