import type { IncomingMessage, Logger, OutgoingMessage } from '@sharehub/kit';
import { DecodeError, type Codec, type Decoded } from '@sharehub/schemas';
import { deadLetterOutputs, type DeadLetterReason } from './deadLetter.js';

/** What a service does with one decoded event: the messages it produces, or why the event must be dead-lettered. */
export type DecodedHandler = (
  decoded: Decoded,
  message: IncomingMessage,
) => readonly OutgoingMessage[] | DeadLetterReason;

/** Where a consumer's dead letters and their audit records go, and who it is. */
export interface TransformContext {
  readonly codec: Codec;
  readonly consumerGroup: string;
  readonly letters: { readonly deadLetter: string; readonly audit: string };
  readonly logger: Logger;
}

/**
 * Decodes each message of a batch and hands it to `handle`. A message with no value, bytes that do not decode, a
 * reason returned by the handler, or an error the handler throws all become a dead letter with its audit record, so
 * no message ever stalls its partition.
 */
export function transformEach(
  ctx: TransformContext,
  messages: readonly IncomingMessage[],
  handle: DecodedHandler,
): OutgoingMessage[] {
  const letter = (m: IncomingMessage, why: DeadLetterReason) =>
    deadLetterOutputs(ctx.codec, m, ctx.consumerGroup, why, ctx.letters);
  return messages.flatMap((m) => {
    try {
      if (!m.value) return letter(m, { code: 'EMPTY_VALUE', reason: 'the message has no value' });
      let decoded: Decoded;
      try {
        decoded = ctx.codec.decode(m.value);
      } catch (err) {
        if (err instanceof DecodeError) return letter(m, { code: err.code, reason: err.message });
        throw err;
      }
      const result = handle(decoded, m);
      return Array.isArray(result)
        ? [...(result as readonly OutgoingMessage[])]
        : letter(m, result as DeadLetterReason);
    } catch (err) {
      ctx.logger.error(
        { err, topic: m.topic, partition: m.partition, offset: m.offset },
        'message failed; dead-lettered',
      );
      return letter(m, { code: 'PROCESSING_FAILED', reason: (err as Error).message });
    }
  });
}
