import { deterministicId } from '@sharehub/decision-core';
import type { IncomingMessage, OutgoingMessage } from '@sharehub/kit';
import type { Codec, DeadLetter } from '@sharehub/schemas';
import { formatInstant, newAuditRecord } from '@sharehub/schemas';

/** Why a message is dead-lettered: a stable code and a reason a person can read (never the message's contents). */
export interface DeadLetterReason {
  readonly code: string;
  readonly reason: string;
}

/**
 * The outputs for a message that cannot be decoded or validated: a DeadLetter with its original bytes and the
 * reason, and a DEAD_LETTERED audit record, both written in the consumer's transaction so the partition moves on.
 */
export function deadLetterOutputs(
  codec: Codec,
  message: IncomingMessage,
  consumerGroup: string,
  why: DeadLetterReason,
  /** Where they go: the (prefixed) catalogue's dead-letter and audit topics; no default, so none goes unprefixed. */
  topics: { readonly deadLetter: string; readonly audit: string },
): OutgoingMessage[] {
  const id = deterministicId('dl', message.topic, String(message.partition), message.offset, consumerGroup);
  const failedAt = formatInstant(Number(message.timestamp) || 0);
  const letter: DeadLetter = {
    deadLetterId: id,
    topic: message.topic,
    partition: message.partition,
    offset: Number(message.offset),
    key: message.key,
    // avsc writes Avro bytes from a Buffer.
    originalBytes: Buffer.from(message.value ?? new Uint8Array()),
    reasonCode: why.code,
    reason: why.reason,
    failedAt,
    consumerGroup,
  };
  const audit = newAuditRecord({
    auditId: deterministicId('a', 'DEAD_LETTERED', id),
    kind: 'DEAD_LETTERED',
    occurredAt: failedAt,
    actor: consumerGroup,
    reason: `${why.code}: ${why.reason}`,
    detail: JSON.stringify({
      deadLetterId: id,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
    }),
  });
  return [
    { topic: topics.deadLetter, key: message.topic, value: codec.encode('DeadLetter', letter) },
    { topic: topics.audit, key: audit.auditId, value: codec.encode('AuditRecord', audit) },
  ];
}
