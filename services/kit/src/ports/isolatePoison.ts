import { MessagingError } from '../errors.js';
import {
  toTransformResult,
  type ConsumeOptions,
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
 * commit is not counted: it is the broker's, and retried for ever. Without `options.deadLetter`, or for an error
 * that says it is retriable (`MessagingError` with `retriable: true`), nothing changes: the batch is retried.
 */
export function isolatePoison(
  options: ConsumeOptions,
  handler: TransformHandler,
): (batch: MessageBatch, commit: CommitTransform) => Promise<void> {
  const failures = new Map<string, number>();
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
      for (const message of batch.messages) {
        const one: MessageBatch = { ...batch, messages: [message] };
        let single: TransformResult;
        try {
          single = toTransformResult(await handler(one));
        } catch (again) {
          single = {
            outputs: options.deadLetter(message, {
              code: 'PROCESSING_FAILED',
              reason: `fails on every attempt: ${(again as Error).message}`,
            }),
          };
        }
        await commit(one, single);
      }
      return;
    }
    failures.delete(key);
    await commit(batch, result);
  };
}
