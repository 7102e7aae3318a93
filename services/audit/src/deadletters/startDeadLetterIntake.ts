import type { EventBus, Logger, Subscription } from '@sharehub/kit';
import type { Codec, DeadLetter } from '@sharehub/schemas';
import type { DeadLetterStore } from './DeadLetterStore.js';
import { describeDeadLetter } from './describeDeadLetter.js';

/**
 * Reads every service's dead letters (the dead-letter topic) into the operator's store, at least once: the store
 * keeps the first copy of each id, so a batch read again changes nothing. A message that is not a DeadLetter is
 * logged (by its position only) and skipped.
 */
export async function startDeadLetterIntake(deps: {
  readonly bus: EventBus;
  readonly codec: Codec;
  readonly store: DeadLetterStore;
  readonly logger: Logger;
  readonly topic: string;
  readonly groupId: string;
}): Promise<Subscription> {
  return deps.bus.consume({ groupId: deps.groupId, topics: [deps.topic] }, async (batch) => {
    const entries = [];
    for (const m of batch.messages) {
      let letter: DeadLetter;
      try {
        letter = deps.codec.decodeAs('DeadLetter', m.value ?? new Uint8Array());
      } catch (err) {
        deps.logger.warn(
          { topic: m.topic, partition: m.partition, offset: m.offset, code: (err as { code?: string }).code },
          'not a dead letter; skipped',
        );
        continue;
      }
      entries.push(describeDeadLetter(deps.codec, letter));
    }
    await deps.store.add(entries);
  });
}
