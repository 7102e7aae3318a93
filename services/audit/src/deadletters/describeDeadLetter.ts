import type { Codec, DeadLetter } from '@sharehub/schemas';
import type { DeadLetterEntry } from './DeadLetterStore.js';

/**
 * A DeadLetter as the operator's store holds it: its facts, and the type, id and area of the event it carries when
 * those bytes decode (a message that failed validation still does); all three null when they do not.
 */
export function describeDeadLetter(codec: Codec, letter: DeadLetter): DeadLetterEntry {
  let eventType: string | null = null;
  let eventId: string | null = null;
  let area: string | null = null;
  try {
    const { type, value } = codec.decode(new Uint8Array(letter.originalBytes));
    const fields = value as unknown as Record<string, unknown>;
    eventType = type;
    eventId = typeof fields.eventId === 'string' ? fields.eventId : null;
    area = typeof fields.area === 'string' ? fields.area : null;
  } catch {
    // Undecodable (unknown fingerprint, broken body): listed with what the dead letter itself says.
  }
  return {
    deadLetterId: letter.deadLetterId,
    topic: letter.topic,
    partition: letter.partition,
    offset: letter.offset,
    key: letter.key,
    failedAt: letter.failedAt,
    reasonCode: letter.reasonCode,
    reason: letter.reason,
    consumerGroup: letter.consumerGroup,
    eventType,
    eventId,
    area,
    originalBytes: new Uint8Array(letter.originalBytes),
    redriven: null,
  };
}
