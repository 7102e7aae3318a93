import {
  canonicalHash,
  ConflictError,
  SharehubError,
  UnavailableError,
  ValidationError,
  type Clock,
  type EventBus,
  type FaultPoint,
  type Logger,
} from '@sharehub/kit';
import type { Caller } from '@sharehub/kit/auth';
import type { AcceptedEventLedger, EventCodecPort } from './ports.js';
import type { PublishRoute } from './publishRoutes.js';

/** What accepting events needs (a part of the gateway's deps). */
export interface AcceptDeps {
  readonly bus: EventBus;
  readonly codec: EventCodecPort;
  readonly ledger: AcceptedEventLedger;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly keySecret: string;
  readonly publishTimeoutMs: number;
  readonly topicPrefix?: string;
  /** Where a fault test may pause the gateway: after the broker acknowledged a write, before the ledger records it. */
  readonly faultPoint?: FaultPoint;
}

/** The answer to an accepted event (the same for a repeat of the same body). */
export interface Accepted {
  readonly eventId: string;
  readonly status: 'accepted';
  readonly acceptedAt: string;
}

/** One event to accept: the route it came by (or names, in a batch) and its JSON body. */
export interface EventToAccept {
  readonly route: PublishRoute;
  readonly body: unknown;
}

/**
 * What became of one event: 202 written now, 200 accepted before (answered as the first time, not written again),
 * or the error that refused it (400, 403, 409).
 */
export type AcceptOutcome =
  { readonly status: 202 | 200; readonly accepted: Accepted } | { readonly error: SharehubError };

interface Vetted {
  readonly index: number;
  readonly route: PublishRoute;
  readonly event: Record<string, unknown> & { eventId: string };
  readonly bodyHash: string;
}

/** Validation (the fast check first, every problem only for a body that fails it), the route's check, authorisation. */
function vet(deps: AcceptDeps, caller: Caller, item: EventToAccept, index: number): Vetted {
  const { route, body } = item;
  if (!deps.codec.isValid(route.type, body)) {
    const problems = deps.codec.validate(route.type, body);
    if (problems.length > 0) throw new ValidationError(problems, `The body is not a valid ${route.type}`);
  }
  const event = body as Vetted['event'];
  route.check?.(event, deps.clock.now());
  route.authorise(caller, event);
  return { index, route, event, bodyHash: canonicalHash(event) };
}

/**
 * Accepts events for one caller (ADR 0041, ADR 0044): each is validated, checked, authorised and its id claimed in
 * the ledger for its body on its own; the ones to write go to the broker in one publish, and the answer comes only
 * after the broker acknowledged them all. A write not confirmed in time throws a 503 `OUTCOME_UNKNOWN` for the whole
 * call (retrying it with the same bodies is safe). Outcomes are in the order of `items`.
 */
export async function acceptEvents(
  deps: AcceptDeps,
  caller: Caller,
  items: readonly EventToAccept[],
): Promise<AcceptOutcome[]> {
  const outcomes: AcceptOutcome[] = new Array<AcceptOutcome>(items.length);
  const vetted: Vetted[] = [];
  items.forEach((item, index) => {
    try {
      vetted.push(vet(deps, caller, item, index));
    } catch (err) {
      if (!(err instanceof SharehubError)) throw err;
      outcomes[index] = { error: err };
    }
  });
  const acceptedAt = deps.clock.now().toISOString();
  // Each id is claimed for its body before anything is published: of two bodies under one id (in this call, in
  // another, or before a restart), exactly one holds it, and the other is refused.
  // A ledger that cannot be reached (its database away) leaves nothing claimed and nothing published: the caller is
  // told to come back (503 with Retry-After), not that the gateway failed (ADR 0112).
  const holders = await Promise.all(
    vetted.map((v) =>
      deps.ledger.claim({ eventId: v.event.eventId, bodyHash: v.bodyHash, type: v.route.type, acceptedAt }),
    ),
  ).catch((err: unknown) => {
    throw new UnavailableError(
      'LEDGER_UNAVAILABLE',
      'The gateway cannot reach its ledger of accepted events, so nothing was accepted or written. Retry later ' +
        'with the same eventId and body.',
      5,
      { cause: err },
    );
  });
  const toWrite: Array<{ vetted: Vetted; holder: (typeof holders)[number] }> = [];
  const writing = new Set<string>();
  vetted.forEach((v, i) => {
    const holder = holders[i]!;
    const answer: Accepted = { eventId: v.event.eventId, status: 'accepted', acceptedAt: holder.acceptedAt };
    if (holder.bodyHash !== v.bodyHash || holder.type !== v.route.type)
      outcomes[v.index] = {
        error: new ConflictError(
          'EVENT_ID_REUSED',
          `eventId ${v.event.eventId} was already accepted with a different body`,
        ),
      };
    else if (holder.accepted || writing.has(v.event.eventId))
      outcomes[v.index] = { status: 200, accepted: answer };
    else {
      // This body holds the id but is not yet known to be written (now, or by an earlier request whose outcome was
      // unknown): publishing it again is safe, as every consumer counts an event id once.
      writing.add(v.event.eventId);
      toWrite.push({ vetted: v, holder });
      outcomes[v.index] = { status: 202, accepted: answer };
    }
  });
  if (toWrite.length > 0) {
    const prefix = deps.topicPrefix ?? '';
    await withTimeout(
      deps.bus.publish(
        toWrite.map(({ vetted: v }) => ({
          topic: `${prefix}${v.route.topic}`,
          key: v.route.key(v.event, deps.keySecret),
          value: deps.codec.encode(v.route.type, v.event),
        })),
      ),
      deps.publishTimeoutMs,
    ).catch((err: unknown) => {
      throw new UnavailableError(
        'OUTCOME_UNKNOWN',
        'The broker did not confirm the write in time: the event may or may not have been written. Retrying with ' +
          'the same eventId and the same body is safe (it is published and accepted at most once); another body ' +
          'under this eventId is refused. In a batch, this holds for each of its events.',
        5,
        { cause: err },
      );
    });
    await deps.faultPoint?.('gateway.afterPublish');
    await Promise.all(toWrite.map(({ holder }) => deps.ledger.record(holder)));
  }
  if (deps.logger.isLevelEnabled('debug'))
    deps.logger.debug(
      { events: items.length, written: toWrite.length, refused: items.length - vetted.length },
      'events accepted',
    );
  return outcomes;
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
