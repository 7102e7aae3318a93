import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import {
  createAreaRegistry,
  explainEvents,
  type AreaContext,
  type ExplainableEvent,
  type Explanation,
} from '@sharehub/decision-core';
import {
  createLogger,
  type EventBus,
  type IncomingMessage,
  type Logger,
  type Subscription,
} from '@sharehub/kit';
import { prefixedTopics } from '@sharehub/contracts';
import { createRouterService } from '@sharehub/router';
import { createCodec, type EventType } from '@sharehub/schemas';
import { createTriageService } from '@sharehub/triage';

/** Topic names for one pipeline run (fresh names on the real broker, so runs never share state). */
export interface PipelineTopics {
  /** The run's prefix, applied once to the whole catalogue (the services take `hubTopics(prefix)`). */
  readonly prefix: string;
  readonly incidents: string;
  /** Police care plans (what the gateway writes). */
  readonly carePlans: string;
  /** The hub's own care plans (what triage writes). */
  readonly hubCarePlans: string;
  readonly listings: string;
  readonly consents: string;
  readonly decisions: string;
  readonly notifications: string;
  readonly triage: string;
  readonly audit: string;
  readonly deadLetter: string;
}

/** Names for a fresh set of pipeline topics. */
export function pipelineTopicNames(prefix = `p${randomUUID().slice(0, 8)}`): PipelineTopics {
  return {
    prefix: `${prefix}.`,
    incidents: `${prefix}.incident.recorded`,
    carePlans: `${prefix}.careplan.issued`,
    hubCarePlans: `${prefix}.careplan.hub`,
    listings: `${prefix}.marac.listed`,
    consents: `${prefix}.consent.recorded`,
    decisions: `${prefix}.share.decided`,
    notifications: `${prefix}.notification`,
    triage: `${prefix}.triage.required`,
    audit: `${prefix}.audit.record`,
    deadLetter: `${prefix}.deadletter`,
  };
}

/** Everything a pipeline run wrote, decoded, gathered by read-committed consumers. */
export interface Collected {
  readonly byTopic: Map<
    string,
    Array<{ message: IncomingMessage; type: EventType | 'UNDECODABLE'; value: unknown }>
  >;
  of<T = Record<string, unknown>>(topic: string): T[];
}

/** Starts triage and router in-process on a bus, and collectors on their outputs (areas: the project's own unless given). */
export async function startPipeline(
  bus: EventBus,
  topics: PipelineTopics,
  options: { logger?: Logger; areaOf?: (area: string) => AreaContext } = {},
) {
  const codec = createCodec();
  const areaOf = options.areaOf ?? createAreaRegistry();
  const logger =
    options.logger ??
    createLogger('pipeline-test', {
      level: 'warn',
      destination: new Writable({ write: (_c, _e, cb) => cb() }),
    });
  const suffix = randomUUID().slice(0, 8);
  const triage = createTriageService({
    bus,
    codec,
    areaOf,
    logger,
    groupId: `triage-${suffix}`,
    topics: prefixedTopics(topics.prefix),
  });
  const router = createRouterService({
    bus,
    codec,
    areaOf,
    logger,
    groupId: `router-${suffix}`,
    topics: prefixedTopics(topics.prefix),
  });
  const byTopic: Collected['byTopic'] = new Map();
  const collectors: Subscription[] = [];
  for (const topic of [
    topics.notifications,
    topics.triage,
    topics.decisions,
    topics.audit,
    topics.carePlans,
    topics.hubCarePlans,
    topics.deadLetter,
  ]) {
    byTopic.set(topic, []);
    collectors.push(
      await bus.consume(
        {
          groupId: `collect-${topic}-${suffix}`,
          topics: [topic],
          fromBeginning: true,
        },
        async (batch) => {
          for (const message of batch.messages) {
            try {
              const decoded = codec.decode(message.value!);
              byTopic.get(topic)!.push({ message, type: decoded.type, value: decoded.value });
            } catch {
              byTopic.get(topic)!.push({ message, type: 'UNDECODABLE', value: null });
            }
          }
        },
      ),
    );
  }
  await triage.start();
  await router.start();
  await Promise.all(collectors.map((c) => c.ready));
  const collected: Collected = {
    byTopic,
    of: <T>(topic: string) =>
      (byTopic.get(topic) ?? []).filter((e) => e.type !== 'UNDECODABLE').map((e) => e.value as T),
  };
  return {
    codec,
    collected,
    triage,
    router,
    async stop() {
      await triage.stop();
      await router.stop();
      for (const c of collectors) await c.stop();
    },
  };
}

/** What explain says for events, flattened to comparable notification strings (service:team:subject:kind:dueBy). */
export function expectedNotifications(
  events: readonly ExplainableEvent[],
  areaOf: (area: string) => AreaContext = createAreaRegistry(),
): string[] {
  return explainEvents(events, areaOf).flatMap((e: Explanation) =>
    'notifications' in e
      ? e.notifications.map(
          (n) => `${n.service}:${n.teamId}:${n.subjectPersonId}:${n.shareKind}:${n.dueBy}:${n.isRepeatMarac}`,
        )
      : [],
  );
}

/** The same flattening for ShareNotification events from the topic. */
export function notificationKeys(
  notifications: ReadonlyArray<{
    recipient: { service: string; teamId: string };
    subjectPersonId: string;
    shareKind: string;
    dueBy: string;
    isRepeatMarac: boolean;
  }>,
): string[] {
  return notifications.map(
    (n) =>
      `${n.recipient.service}:${n.recipient.teamId}:${n.subjectPersonId}:${n.shareKind}:${n.dueBy}:${n.isRepeatMarac}`,
  );
}
