import { randomUUID } from 'node:crypto';
import { ConsentBook } from '@sharehub/decision-core';
import { startDecisionTransform, type HubTopics } from '@sharehub/decision-events';
import type { EventBus, Logger, Subscription } from '@sharehub/kit';
import type { Codec, ConsentRecorded } from '@sharehub/schemas';

/** The router's consent records: what it reads them from. */
export interface ConsentStateDeps {
  readonly bus: EventBus;
  readonly codec: Codec;
  readonly logger: Logger;
  /** The checker's stable group (the router's group id + `.consents`); the state reader's is this + a uuid. */
  readonly groupId: string;
  readonly topics: HubTopics;
}

/** The router's consent state and the barrier its routing waits on. */
export interface ConsentState {
  /** The consent records applied so far, by person: the latest per area and scope (ADR 0117). */
  readonly view: { consentsFor(personId: string): readonly ConsentRecorded[] };
  /** Starts the state reader and the checker of consent.recorded. */
  start(): Promise<Subscription>;
  /**
   * Resolves once every consent record the broker held when it was called has been applied (the caught-up barrier):
   * a consent acknowledged before a care plan or listing was written is applied before that is routed.
   */
  caughtUp(): Promise<void>;
}

/**
 * Consent records, as the router reads them (docs/domain/consent.md). Consents are global state: every router
 * instance must hold all of them, whatever routing partitions it owns, and kafkajs can only read through a group
 * that splits partitions between members. So two consumers: the state reader, a group of its own per instance
 * (`GROUP.consent-state.<uuid>`, from the beginning, every partition, writing nothing), and the checker, one stable
 * group (`GROUP`) on the decision transform that dead-letters a bad record with its audit record exactly once. The
 * barrier holds routing until the reader has applied every record the broker held when routing asked.
 */
export function createConsentState(deps: ConsentStateDeps): ConsentState {
  const consents = new ConsentBook();
  /** The offset after the last consent record read, per partition. */
  const applied = new Map<number, bigint>();
  const waiters = new Set<() => boolean>();
  const wake = () => {
    for (const done of [...waiters]) if (done()) waiters.delete(done);
  };
  let pending: Promise<void> | undefined;
  const waitForEnds = async () => {
    const ends = await deps.bus.latestOffsets([deps.topics.consentRecorded]);
    const done = () => ends.every((e) => (applied.get(e.partition) ?? 0n) >= BigInt(e.offset));
    if (done()) return;
    await new Promise<void>((resolve) => waiters.add(() => (done() ? (resolve(), true) : false)));
  };
  const startReader = () =>
    deps.bus.consume(
      {
        groupId: `${deps.groupId}.consent-state.${randomUUID()}`,
        topics: [deps.topics.consentRecorded],
        fromBeginning: true,
      },
      async (batch) => {
        for (const m of batch.messages) {
          if (!m.value) continue;
          try {
            const decoded = deps.codec.decode(m.value);
            if (decoded.type === 'ConsentRecorded') consents.add(decoded.value as ConsentRecorded);
          } catch {
            // Dead-lettered, once, by the checker.
          }
        }
        const last = batch.messages[batch.messages.length - 1];
        if (last) applied.set(batch.partition, BigInt(last.offset) + 1n);
        wake();
        return Promise.resolve();
      },
    );
  const startChecker = () =>
    startDecisionTransform({
      bus: deps.bus,
      codec: deps.codec,
      logger: deps.logger,
      groupId: deps.groupId,
      topics: deps.topics,
      inputs: [deps.topics.consentRecorded],
      stateName: 'consent checker',
      reset: () => undefined,
      begin: () => ({
        handle: (decoded, message) =>
          decoded.type === 'ConsentRecorded'
            ? []
            : { code: 'WRONG_EVENT_TYPE', reason: `${decoded.type} does not belong on ${message.topic}` },
        commit: () => undefined,
      }),
    });
  return {
    view: { consentsFor: (p) => consents.consentsFor(p) },
    start: async () => {
      const subs = [await startReader(), await startChecker()];
      return {
        ready: Promise.all(subs.map((s) => s.ready)).then(() => undefined),
        stop: async () => {
          for (const s of subs.reverse()) await s.stop();
        },
      };
    },
    caughtUp: () => {
      // Batches taken up together share one look at the topic's end: each was fetched before it was read.
      pending ??= waitForEnds().finally(() => (pending = undefined));
      return pending;
    },
  };
}
