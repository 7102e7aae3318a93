import type { DeadLetterEntry } from './DeadLetterStore.js';

/** What an operator sees of a dead letter: where, when and why it failed, the event's id and type; no contents. */
export interface DeadLetterView {
  readonly deadLetterId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly failedAt: string;
  readonly reasonCode: string;
  readonly reason: string;
  readonly consumerGroup: string;
  readonly eventType: string | null;
  readonly eventId: string | null;
  readonly area: string | null;
  readonly redriven: { readonly at: string; readonly by: string } | null;
}

/** The operator's view of a dead letter: never its bytes or key (they may hold personal data). */
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
