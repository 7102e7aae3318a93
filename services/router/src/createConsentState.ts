import { MemoryHistory } from '@sharehub/decision-core';
import { startDecisionTransform, type HubTopics } from '@sharehub/decision-events';
import type { EventBus, Logger, Subscription } from '@sharehub/kit';
import type { Codec, ConsentRecorded } from '@sharehub/schemas';

/** The router's consent records: what it reads them from. */
export interface ConsentStateDeps {
  readonly bus: EventBus;
  readonly codec: Codec;
  readonly logger: Logger;
  /** A stable group (the router's group id + `.consents`): its committed offsets are where a restart resumes. */
  readonly groupId: string;
  readonly topics: HubTopics;
}

/** The router's consent state and the barrier its routing waits on. */
export interface ConsentState {
  /** The consent records applied so far, by person. */
  readonly view: { consentsFor(personId: string): readonly ConsentRecorded[] };
  /** Starts the one consumer of consent.recorded (a stable group, one lane, exactly once). */
  start(): Promise<Subscription>;
  /**
   * Resolves once every consent record the broker held when it was called has been applied (the caught-up barrier):
   * a consent acknowledged before a care plan or listing was written is applied before that is routed.
   */
  caughtUp(): Promise<void>;
}

/**
 * Consent records, as the router reads them: one consumer with a stable group on the decision transform (a bad
 * record is dead-lettered with its audit record, exactly once; on assignment the state is rebuilt by replaying what
 * the group consumed, then it carries on from its committed offsets), and a barrier that holds routing until the
 * state has caught up with the topic's end as it was when routing asked (docs/domain/consent.md).
 */
export function createConsentState(deps: ConsentStateDeps): ConsentState {
  let consents = new MemoryHistory();
  /** The offset after the last consent record applied, per partition. */
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
  return {
    view: { consentsFor: (p) => consents.consentsFor(p) },
    start: () =>
      startDecisionTransform({
        bus: deps.bus,
        codec: deps.codec,
        logger: deps.logger,
        groupId: deps.groupId,
        topics: deps.topics,
        inputs: [deps.topics.consentRecorded],
        // Every instance's routing reads the whole consent state: its partitions are never split (ADR 0081).
        lanes: 1,
        stateName: 'consent state',
        reset: () => {
          consents = new MemoryHistory();
          applied.clear();
        },
        begin: (batch) => {
          const staged: ConsentRecorded[] = [];
          return {
            handle: (decoded, message) =>
              decoded.type === 'ConsentRecorded'
                ? (staged.push(decoded.value as ConsentRecorded), [])
                : { code: 'WRONG_EVENT_TYPE', reason: `${decoded.type} does not belong on ${message.topic}` },
            commit: () => {
              for (const c of staged) consents.addConsent(c);
              const last = batch.messages[batch.messages.length - 1];
              if (last) applied.set(batch.partition, BigInt(last.offset) + 1n);
              wake();
            },
          };
        },
      }),
    caughtUp: () => {
      // Batches taken up together share one look at the topic's end: each was fetched before it was read.
      pending ??= waitForEnds().finally(() => (pending = undefined));
      return pending;
    },
  };
}
