import type { EventBus, Logger, MessageBatch, OutgoingMessage, Subscription } from '@sharehub/kit';
import type { Codec } from '@sharehub/schemas';
import { deadLetterOutputs } from './deadLetter.js';
import type { HubTopics } from './hubTopics.js';
import { transformEach, type DecodedHandler } from './transformEach.js';

/** One batch's work: a handler for each decoded message, and how to apply its staged state once committed. */
export interface StagedBatch {
  readonly handle: DecodedHandler;
  /** Applies what the batch staged (after its transaction committed, or when it is replayed). */
  readonly commit: () => void;
}

/** What a service brings to the transform: its group, inputs and domain part; the loop is the same for all. */
export interface DecisionTransformOptions {
  readonly bus: EventBus;
  readonly codec: Codec;
  readonly logger: Logger;
  readonly groupId: string;
  /** The catalogue (prefix applied once): dead letters and their audit records go to its topics. */
  readonly topics: HubTopics;
  readonly inputs: readonly string[];
  /** How many input partitions are handled at once (default: the bus's, every partition of a fetch). */
  readonly partitionsConcurrently?: number;
  /** Transaction lanes of the group (default 1; every instance of the group the same, ADR 0081). */
  readonly lanes?: number;
  /** Drops all state: called on every assignment, before the group's consumed inputs are replayed into it. */
  readonly reset: () => void;
  /** Starts one batch's staged state (the batch is given for what its commit records, e.g. positions). */
  readonly begin: (batch: MessageBatch) => StagedBatch;
  /** Waits, before a batch is handled, until what it reads is ready (e.g. the router's consents caught up). */
  readonly before?: () => Promise<void>;
  /** What the logs call this state ('household history', 'routing history'). */
  readonly stateName: string;
  /**
   * How far back, by record time from the newest consumed record, the restore on assignment reads (a state bounded by
   * time, ADR 0082: `replaySpanMs` of its retention). Unset: everything the group consumed.
   */
  readonly replaySpanMs?: number;
  /** What the state holds after a restore, for its log line (e.g. WindowedHistory's `size()`). */
  readonly stateSize?: () => Record<string, number>;
}

/**
 * The one partitioned, replaying transform triage and router run on: it consumes `inputs` exactly once (outputs and
 * offsets in one transaction, none for a batch that produces nothing), decodes each message and hands it to the
 * service's handler, dead-letters what cannot be decoded or handled (with its audit record, on the catalogue's
 * prefixed topics, `isolatePoison` for a handler that fails on every attempt), and on every partition assignment
 * rebuilds the service's state by replaying what the group had consumed (`replayConsumed`; only the last
 * `replaySpanMs` of it for a state bounded by time, ADR 0082).
 */
export async function startDecisionTransform(options: DecisionTransformOptions): Promise<Subscription> {
  const { bus, codec, logger, groupId } = options;
  const letters = { deadLetter: options.topics.deadLetter, audit: options.topics.auditRecord };
  const ctx = { codec, consumerGroup: groupId, letters, logger };
  const run = (batch: MessageBatch): { outputs: OutgoingMessage[]; commit: () => void } => {
    const staged = options.begin(batch);
    return { outputs: transformEach(ctx, batch.messages, staged.handle), commit: staged.commit };
  };
  return bus.consumeTransactionally(
    {
      groupId,
      topics: options.inputs,
      ...(options.partitionsConcurrently ? { partitionsConcurrently: options.partitionsConcurrently } : {}),
      ...(options.lanes ? { lanes: options.lanes } : {}),
      deadLetter: (m, why) => deadLetterOutputs(codec, m, groupId, why, letters),
      onAssigned: async (assignment) => {
        options.reset();
        const started = Date.now();
        const { messages } = await bus.replayConsumed(
          groupId,
          assignment,
          async (batch) => {
            run(batch).commit();
            return Promise.resolve();
          },
          options.replaySpanMs === undefined ? {} : { spanMs: options.replaySpanMs },
        );
        logger.info(
          { assignment, replayed: messages, ms: Date.now() - started, held: options.stateSize?.() },
          `${options.stateName} restored`,
        );
      },
    },
    async (batch) => {
      await options.before?.();
      const started = process.hrtime.bigint();
      const { outputs, commit } = run(batch);
      logger.debug(
        {
          topic: batch.topic,
          partition: batch.partition,
          offset: batch.messages[0]?.offset,
          messages: batch.messages.length,
          outputs: outputs.length,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'batch transformed',
      );
      return { outputs, afterCommit: commit };
    },
  );
}
