import { MessagingError, permanentRefusalOf } from '../errors.js';
import {
  toTransformResult,
  type ConsumeOptions,
  type IncomingMessage,
  type MessageBatch,
  type TransformHandler,
  type TransformResult,
} from './EventBus.js';

/** How many times a batch's handler may fail before its messages are taken one at a time. */
export const HANDLER_ATTEMPTS = 3;

/** Commits one (part of a) batch: its outputs and the offset after its last message, then `afterCommit`. */
export type CommitTransform = (batch: MessageBatch, result: TransformResult) => Promise<void>;

/**
 * The transform loop's rule for bad records (issue 17): a batch whose handler throws is retried, as the failure
 * may pass (a broker or store away); once the same batch has failed {@link HANDLER_ATTEMPTS} times, its messages
 * are handled one per transaction, and a message whose handler fails again is committed as
 * `options.deadLetter(message, reason)` (its dead letter and audit record) so the partition moves on. A failure to
 * commit is not counted: it is the broker's, and retried for ever, unless the broker refused an output for good
 * (`OutputRefusedError`: a message too large, an invalid record): then the batch's messages are committed one at a
 * time, and a message whose outputs are refused again is committed as its dead letter (code OUTPUT_REFUSED, the
 * broker's error type in the reason) at once, so the inputs behind it are processed. Without `options.deadLetter`,
 * or for an error that says it is retriable (`MessagingError` with `retriable: true`), nothing changes: the batch is
 * retried.
 */
export function isolatePoison(
  options: ConsumeOptions,
  handler: TransformHandler,
): (batch: MessageBatch, commit: CommitTransform) => Promise<void> {
  const failures = new Map<string, number>();
  const deadLetter = (message: IncomingMessage, code: string, reason: string): TransformResult => ({
    outputs: options.deadLetter!(message, { code, reason }),
  });
  const refused = (message: IncomingMessage, brokerError: string): TransformResult =>
    deadLetter(message, 'OUTPUT_REFUSED', `the broker refuses its output for good (${brokerError})`);
  /** Handles and commits each message of `batch` on its own; one that fails again is committed as its dead letter. */
  const oneAtATime = async (batch: MessageBatch, commit: CommitTransform): Promise<void> => {
    for (const message of batch.messages) {
      const one: MessageBatch = { ...batch, messages: [message] };
      let single: TransformResult;
      try {
        single = toTransformResult(await handler(one));
      } catch (again) {
        const refusal = permanentRefusalOf(again);
        single =
          refusal === undefined
            ? deadLetter(message, 'PROCESSING_FAILED', `fails on every attempt: ${(again as Error).message}`)
            : refused(message, refusal);
      }
      try {
        await commit(one, single);
      } catch (err) {
        const refusal = permanentRefusalOf(err);
        if (refusal === undefined) throw err;
        await commit(one, refused(message, refusal));
      }
    }
  };
  return async (batch, commit) => {
    const key = `${batch.topic}|${batch.partition}|${batch.messages[0]?.offset ?? ''}`;
    let result: TransformResult;
    try {
      result = toTransformResult(await handler(batch));
    } catch (err) {
      const attempts = (failures.get(key) ?? 0) + 1;
      const retriable = err instanceof MessagingError && err.retriable;
      if (!options.deadLetter || retriable || attempts < HANDLER_ATTEMPTS) {
        failures.set(key, attempts);
        throw err;
      }
      failures.delete(key);
      await oneAtATime(batch, commit);
      return;
    }
    failures.delete(key);
    try {
      await commit(batch, result);
    } catch (err) {
      const refusal = permanentRefusalOf(err);
      if (!options.deadLetter || refusal === undefined) throw err;
      if (batch.messages.length === 1) await commit(batch, refused(batch.messages[0]!, refusal));
      else await oneAtATime(batch, commit);
    }
  };
}
