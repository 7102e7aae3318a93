import type { Express, Request, Response, NextFunction } from 'express';
import {
  canonicalHash,
  callerOf,
  ConflictError,
  createHttpApp,
  finishHttpApp,
  requireRole,
  UnavailableError,
  ValidationError,
  type EventBus,
  type Logger,
  type AuthFailureLimit,
  type TokenVerifier,
  type Clock,
} from '@sharehub/kit';
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
 * event's Avro schema (every problem with its path), checked against the ledger of accepted event ids (the same
 * body again is answered as the first time; another body under the same id is a 409), and written to Kafka;
 * the 202 comes only after the broker acknowledged the write.
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
  route.authorise(callerOf(res), event);
  const bodyHash = canonicalHash(event);
  const earlier = await deps.ledger.find(event.eventId);
  if (earlier) {
    if (earlier.bodyHash !== bodyHash || earlier.type !== route.type) {
      throw new ConflictError(
        'EVENT_ID_REUSED',
        `eventId ${event.eventId} was already accepted with a different body`,
      );
    }
    return { eventId: event.eventId, status: 'accepted', acceptedAt: earlier.acceptedAt };
  }
  const value = deps.codec.encode(route.type, event);
  await withTimeout(
    deps.bus.publish([
      { topic: `${deps.topicPrefix ?? ''}${route.topic}`, key: route.key(event, deps.keySecret), value },
    ]),
    deps.publishTimeoutMs,
  ).catch((err: unknown) => {
    throw new UnavailableError(
      'BROKER_UNAVAILABLE',
      'The event could not be written to the broker; nothing was accepted. Retry with the same eventId.',
      5,
      {
        cause: err,
      },
    );
  });
  const acceptedAt = deps.clock.now().toISOString();
  await deps.ledger.record({ eventId: event.eventId, bodyHash, type: route.type, acceptedAt });
  deps.logger.info(
    { reqId: res.locals.reqId as string, eventType: route.type, eventId: event.eventId, topic: route.topic },
    'event accepted',
  );
  return { eventId: event.eventId, status: 'accepted', acceptedAt };
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
