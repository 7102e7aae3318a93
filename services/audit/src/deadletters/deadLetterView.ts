import type { DeadLetterEntry } from './DeadLetterStore.js';

/** What an operator sees of a dead letter: where, when and why it failed, the event's id and type; no contents. */
export type DeadLetterView = Omit<DeadLetterEntry, 'originalBytes' | 'key'>;

/** The operator's view of a dead letter, field by field (an allow-list): never its bytes or key (they may hold personal data). */
export function deadLetterView(e: DeadLetterEntry): DeadLetterView {
  return {
    deadLetterId: e.deadLetterId,
    topic: e.topic,
    partition: e.partition,
    offset: e.offset,
    failedAt: e.failedAt,
    reasonCode: e.reasonCode,
    reason: e.reason,
    consumerGroup: e.consumerGroup,
    eventType: e.eventType,
    eventId: e.eventId,
    area: e.area,
    redriven: e.redriven,
  };
}
