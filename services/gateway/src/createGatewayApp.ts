import type { Express, Request, Response, NextFunction } from 'express';
import {
  canonicalHash,
  ConflictError,
  UnavailableError,
  ValidationError,
  type EventBus,
  type Logger,
  type Clock,
} from '@sharehub/kit';
import { callerOf, requireRole, type TokenVerifier } from '@sharehub/kit/auth';
import { createHttpApp, finishHttpApp, requestLogger, type AuthFailureLimit } from '@sharehub/kit/http';
import type { AcceptedEventLedger, EventCodecPort } from './ports.js';
import { PUBLISH_ROUTES, type PublishRoute } from './publishRoutes.js';

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
  readonly publishTimeoutMs: number;
  /** Prefix of every topic name (empty in production). */
  readonly topicPrefix?: string;
  /** Failed authentications per client before 429s (the kit's default if unset). */
  readonly authFailures?: AuthFailureLimit;
}

/** The answer to an accepted event (the same for a repeat of the same body). */
export interface Accepted {
  readonly eventId: string;
  readonly status: 'accepted';
  readonly acceptedAt: string;
}

/**
 * The publishing API. Each POST is authenticated, authorised for its force and area, validated against the
 * event's Avro schema (every problem with its path), its id claimed in the ledger for its body (the same body
 * again is answered as the first time; another body under the same id is a 409, even when both arrive at once), and
 * written to Kafka; the 202 comes only after the broker acknowledged the write. A write not confirmed in time is a
 * 503 `OUTCOME_UNKNOWN`: it may have landed, and a retry with the same body is safe.
 */
export function createGatewayApp(deps: GatewayDeps): Express {
  const { app } = createHttpApp({
    service: 'gateway',
    logger: deps.logger,
    bodyLimitBytes: deps.bodyLimitBytes,
    ready: () => deps.bus.isHealthy(),
    ...(deps.authFailures ? { authFailures: deps.authFailures } : {}),
  });
  for (const route of PUBLISH_ROUTES) {
    app.post(
      route.path,
      deps.verifier.authenticate,
      requireRole('publisher'),
      (req: Request, res: Response, next: NextFunction) => {
        publish(deps, route, req.body, res).then((accepted) => res.status(202).json(accepted), next);
      },
    );
  }
  return finishHttpApp(app, deps.logger);
}

async function publish(
  deps: GatewayDeps,
  route: PublishRoute,
  body: unknown,
  res: Response,
): Promise<Accepted> {
  const problems = deps.codec.validate(route.type, body);
  if (problems.length > 0) throw new ValidationError(problems, `The body is not a valid ${route.type}`);
  const event = body as Record<string, unknown> & { eventId: string };
  route.check?.(event, deps.clock.now());
  route.authorise(callerOf(res), event);
  const bodyHash = canonicalHash(event);
  // The id is claimed for this body before anything is published: of two requests with different bodies under one
  // id, exactly one holds it, and the other is refused.
  const holder = await deps.ledger.claim({
    eventId: event.eventId,
    bodyHash,
    type: route.type,
    acceptedAt: deps.clock.now().toISOString(),
  });
  if (holder.bodyHash !== bodyHash || holder.type !== route.type) {
    throw new ConflictError(
      'EVENT_ID_REUSED',
      `eventId ${event.eventId} was already accepted with a different body`,
    );
  }
  if (holder.accepted) return { eventId: event.eventId, status: 'accepted', acceptedAt: holder.acceptedAt };
  // This body holds the id but is not yet known to be written (this request, a concurrent one with the same body,
  // or an earlier one whose outcome was unknown): publishing it again is safe, as every consumer counts an event id
  // once.
  const value = deps.codec.encode(route.type, event);
  await withTimeout(
    deps.bus.publish([
      { topic: `${deps.topicPrefix ?? ''}${route.topic}`, key: route.key(event, deps.keySecret), value },
    ]),
    deps.publishTimeoutMs,
  ).catch((err: unknown) => {
    throw new UnavailableError(
      'OUTCOME_UNKNOWN',
      'The broker did not confirm the write in time: the event may or may not have been written. Retrying with ' +
        'the same eventId and the same body is safe (it is published and accepted at most once); another body ' +
        'under this eventId is refused.',
      5,
      { cause: err },
    );
  });
  await deps.ledger.record(holder);
  requestLogger(res, deps.logger).debug(
    { eventType: route.type, eventId: event.eventId, topic: route.topic },
    'event accepted',
  );
  return { eventId: event.eventId, status: 'accepted', acceptedAt: holder.acceptedAt };
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no broker acknowledgement within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
