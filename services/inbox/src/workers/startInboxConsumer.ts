import { deadLetterOutputs, type DeadLetterReason } from '@sharehub/decision-events';
import type { Clock, EventBus, IncomingMessage, Logger, Subscription } from '@sharehub/kit';
import { DecodeError, type Codec, type ShareNotification, type TriageRequired } from '@sharehub/schemas';
import type { InboxTopics } from '../events/inboxTopics.js';
import type { InboxStore } from '../store/InboxStore.js';

/**
 * Reads every ShareNotification and TriageRequired into the store (at least once; the store keeps each once, by id).
 * A message that cannot be decoded, or is of another type, becomes a dead letter with its original bytes and a
 * DEAD_LETTERED audit record, stored in the outbox in order, and the partition carries on.
 */
export async function startInboxConsumer(deps: {
  readonly bus: EventBus;
  readonly codec: Codec;
  readonly store: InboxStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly groupId: string;
  readonly topics: InboxTopics;
  /** Told after a batch stored something new, or dead-lettered something. */
  readonly onStored: (what: { notifications: number; triage: number; deadLetters: number }) => void;
}): Promise<Subscription> {
  const { topics } = deps;
  const letters = { deadLetter: topics.deadLetter, audit: topics.auditRecord };
  const deadLetter = (m: IncomingMessage, why: DeadLetterReason) =>
    deps.store.enqueue(deadLetterOutputs(deps.codec, m, deps.groupId, why, letters));

  return deps.bus.consume(
    { groupId: deps.groupId, topics: [topics.notification, topics.triageRequired] },
    async (batch) => {
      const counts = { notifications: 0, triage: 0, deadLetters: 0 };
      const receivedAt = deps.clock.now().toISOString();
      for (const m of batch.messages) {
        const where = { topic: m.topic, partition: m.partition, offset: m.offset };
        if (!m.value) {
          await deadLetter(m, { code: 'EMPTY_VALUE', reason: 'the message has no value' });
          counts.deadLetters++;
          continue;
        }
        let decoded;
        try {
          decoded = deps.codec.decode(m.value);
        } catch (err) {
          if (!(err instanceof DecodeError)) throw err;
          deps.logger.warn({ ...where, code: err.code }, 'undecodable message dead-lettered');
          await deadLetter(m, { code: err.code, reason: err.message });
          counts.deadLetters++;
          continue;
        }
        if (decoded.type === 'ShareNotification' && m.topic === topics.notification) {
          const n = decoded.value as ShareNotification;
          if (await deps.store.addNotification(n, receivedAt)) counts.notifications++;
          deps.logger.debug(
            { ...where, eventType: decoded.type, notificationId: n.notificationId },
            'stored',
          );
        } else if (decoded.type === 'TriageRequired' && m.topic === topics.triageRequired) {
          const t = decoded.value as TriageRequired;
          if (await deps.store.addTriageItem(t, receivedAt)) counts.triage++;
          deps.logger.debug({ ...where, eventType: decoded.type, triageId: t.triageId }, 'stored');
        } else {
          deps.logger.warn({ ...where, eventType: decoded.type }, 'wrong event type dead-lettered');
          await deadLetter(m, {
            code: 'WRONG_EVENT_TYPE',
            reason: `${decoded.type} does not belong on ${m.topic}`,
          });
          counts.deadLetters++;
        }
      }
      deps.logger.info(
        { topic: batch.topic, partition: batch.partition, offset: batch.messages[0]?.offset, ...counts },
        'batch stored',
      );
      if (counts.notifications + counts.triage + counts.deadLetters > 0) deps.onStored(counts);
    },
  );
}
