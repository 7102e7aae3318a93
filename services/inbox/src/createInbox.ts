import type { AreaContext } from '@sharehub/decision-core';
import type {
  Clock,
  ConsumerMonitor,
  EventBus,
  FaultPoint,
  Logger,
  Readiness,
  Subscription,
} from '@sharehub/kit';
import type { TokenVerifier } from '@sharehub/kit/auth';
import type { PageSignIn } from '@sharehub/kit/web';
import type { AuthFailureLimit } from '@sharehub/kit/http';
import type { Codec } from '@sharehub/schemas';
import type { Express } from 'express';
import { createInboxEvents } from './events/inboxEvents.js';
import type { InboxTopics } from './events/inboxTopics.js';
import { createInboxApp } from './http/createInboxApp.js';
import { createInboxOperations } from './inboxOperations.js';
import type { InboxStore } from './store/InboxStore.js';
import { startEscalation } from './workers/startEscalation.js';
import { startInboxConsumer } from './workers/startInboxConsumer.js';
import { startOutboxRelay } from './workers/startOutboxRelay.js';

/** Everything the inbox is built from: adapters, settings and the area registry. */
export interface InboxDeps {
  readonly store: InboxStore;
  readonly bus: EventBus;
  readonly codec: Codec;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly verifier: TokenVerifier;
  readonly areaOf: (area: string) => AreaContext;
  readonly topics: InboxTopics;
  readonly groupId: string;
  readonly triageTeams: Readonly<Record<string, string>>;
  readonly intervals: {
    readonly escalationMs: number;
    readonly outboxMs: number;
    readonly streamPollMs: number;
  };
  /** Live streams one token may hold at once (default 5, then 429). */
  readonly streamsPerToken?: number;
  readonly pageSize: { readonly default: number; readonly max: number };
  readonly auditUrl: string;
  readonly secureCookie?: boolean;
  /** How the pages sign people in (the identity provider, or pasting a token in development); default: a token. */
  readonly pageSignIn?: PageSignIn;
  /** Failed authentications per client before 429s (the kit's default if unset). */
  readonly authFailures?: AuthFailureLimit;
  /** Where a fault test may pause the inbox (docs/adr/0102-fault-points.md); a no-op unless armed. */
  readonly faultPoint?: FaultPoint;
  /** Named readiness checks (main: broker, database, consumers moving); unset, the store and broker are asked. */
  readonly readiness?: Readiness;
  /** The monitor the bus reports its consumers to, for `/metrics` (docs/metrics.md). */
  readonly consumers?: ConsumerMonitor;
}

/** A built inbox: its HTTP app, and start/stop of its consumer, outbox relay and escalation. */
export interface Inbox {
  readonly app: Express;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Wires the inbox: operations over the store, the HTTP app, and its three background workers. */
export function createInbox(deps: InboxDeps): Inbox {
  const events = createInboxEvents(deps.codec, deps.topics);
  let relay: ReturnType<typeof startOutboxRelay> | undefined;
  let escalation: ReturnType<typeof startEscalation> | undefined;
  let consumer: Subscription | undefined;
  const nudge = () => relay?.nudge();
  const ops = createInboxOperations({
    store: deps.store,
    events,
    clock: deps.clock,
    areaOf: deps.areaOf,
    triageTeams: deps.triageTeams,
    onOutbox: nudge,
  });
  const app = createInboxApp({
    ops,
    verifier: deps.verifier,
    logger: deps.logger,
    pageSize: deps.pageSize,
    streamPollMs: deps.intervals.streamPollMs,
    streamsPerToken: deps.streamsPerToken ?? 5,
    auditUrl: deps.auditUrl,
    ...(deps.secureCookie ? { secureCookie: true } : {}),
    ...(deps.pageSignIn ? { pageSignIn: deps.pageSignIn } : {}),
    ...(deps.authFailures ? { authFailures: deps.authFailures } : {}),
    ...(deps.readiness ? { readiness: deps.readiness } : {}),
    ...(deps.consumers ? { consumers: deps.consumers } : {}),
    ready: async () =>
      consumer !== undefined &&
      (await deps.store.latestSeq('-').then(
        () => true,
        () => false,
      )) &&
      (await deps.bus.isHealthy()),
  });
  return {
    app,
    async start() {
      relay = startOutboxRelay({
        store: deps.store,
        bus: deps.bus,
        logger: deps.logger,
        intervalMs: deps.intervals.outboxMs,
        ...(deps.faultPoint ? { faultPoint: deps.faultPoint } : {}),
      });
      escalation = startEscalation({
        store: deps.store,
        events,
        clock: deps.clock,
        logger: deps.logger,
        intervalMs: deps.intervals.escalationMs,
        onEscalated: nudge,
      });
      consumer = await startInboxConsumer({
        bus: deps.bus,
        codec: deps.codec,
        store: deps.store,
        clock: deps.clock,
        logger: deps.logger,
        groupId: deps.groupId,
        topics: deps.topics,
        onStored: ({ deadLetters }) => {
          if (deadLetters > 0) nudge();
        },
      });
      await consumer.ready;
    },
    async stop() {
      await consumer?.stop();
      await escalation?.stop();
      await relay?.stop();
    },
  };
}
