import { createHash } from 'node:crypto';
import { deterministicId } from '@sharehub/decision-core';
import { deadLetterHeaders, type IncomingMessage, type OutgoingMessage } from '@sharehub/kit';
import type { AuditRecord, Codec, DeadLetter } from '@sharehub/schemas';
import { formatInstant, newAuditRecord } from '@sharehub/schemas';

/** Why a message is dead-lettered: a stable code and a reason a person can read (never the message's contents). */
export interface DeadLetterReason {
  readonly code: string;
  readonly reason: string;
}

/** The id of a message's dead letter for a consumer group: derived from where it was read, so a replay finds it. */
export function deadLetterIdOf(message: IncomingMessage, consumerGroup: string): string {
  return deterministicId('dl', message.topic, String(message.partition), message.offset, consumerGroup);
}

/** The audit id of the DEAD_LETTERED record of a message's dead letter (known before the message is read). */
export function deadLetterAuditIdOf(message: IncomingMessage, consumerGroup: string): string {
  return deterministicId('a', 'DEAD_LETTERED', deadLetterIdOf(message, consumerGroup));
}

/**
 * The one dead-letter builder of the hub, for every consumer: a message that cannot be decoded or validated becomes a
 * DeadLetter (its original bytes, where it was read, the reason) and its DEAD_LETTERED audit record (naming the dead
 * letter, where it was read and the bytes' SHA-256, never their contents), both deterministic so a replay makes the
 * same. `extra` adds facts to the record's detail (e.g. the audit id a record tried to reuse).
 */
export function deadLetterOf(
  message: IncomingMessage,
  consumerGroup: string,
  why: DeadLetterReason,
  extra: Readonly<Record<string, unknown>> = {},
): { readonly letter: DeadLetter; readonly record: AuditRecord } {
  const id = deadLetterIdOf(message, consumerGroup);
  const failedAt = formatInstant(Number(message.timestamp) || 0);
  const bytes = message.value ?? new Uint8Array();
  const letter: DeadLetter = {
    deadLetterId: id,
    topic: message.topic,
    partition: message.partition,
    offset: Number(message.offset),
    key: message.key,
    // avsc writes Avro bytes from a Buffer.
    originalBytes: Buffer.from(bytes),
    reasonCode: why.code,
    reason: why.reason,
    failedAt,
    consumerGroup,
  };
  const record = newAuditRecord({
    auditId: deadLetterAuditIdOf(message, consumerGroup),
    kind: 'DEAD_LETTERED',
    occurredAt: failedAt,
    actor: consumerGroup,
    reason: `${why.code}: ${why.reason}`,
    detail: JSON.stringify({
      ...extra,
      deadLetterId: id,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    }),
  });
  return { letter, record };
}

/**
 * The outputs for a message that cannot be decoded or validated: its DeadLetter and DEAD_LETTERED audit record
 * ({@link deadLetterOf}), both written in the consumer's transaction so the partition moves on. The dead letter
 * carries `deadLetterHeaders`, by which the event bus counts it on `/metrics`.
 */
export function deadLetterOutputs(
  codec: Codec,
  message: IncomingMessage,
  consumerGroup: string,
  why: DeadLetterReason,
  /** Where they go: the (prefixed) catalogue's dead-letter and audit topics; no default, so none goes unprefixed. */
  topics: { readonly deadLetter: string; readonly audit: string },
): OutgoingMessage[] {
  const { letter, record } = deadLetterOf(message, consumerGroup, why);
  return [
    {
      topic: topics.deadLetter,
      key: message.topic,
      value: codec.encode('DeadLetter', letter),
      // Counted by the bus when written (dead_letters_total{topic,code}): names the topic and code, nothing else.
      headers: deadLetterHeaders(message.topic, why.code),
    },
    { topic: topics.audit, key: record.auditId, value: codec.encode('AuditRecord', record) },
  ];
}
