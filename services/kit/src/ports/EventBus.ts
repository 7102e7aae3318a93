/** A message to write: the value is encoded bytes (Avro single-object), the key never holds personal data. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
  /** The record's timestamp (epoch ms as a string); unset, the producer's time of sending. For tests and tools. */
  readonly timestamp?: string;
}

/** What a replay reads (`replayConsumed`). */
export interface ReplayOptions {
  /**
   * Read only the records whose timestamp is at least the newest consumed record's (over the whole assignment) less
   * this many milliseconds: each partition from the first such offset (ADR 0082). Unset: everything consumed.
   */
  readonly spanMs?: number;
}

/** A message read from a topic, with where it came from. */
export interface IncomingMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Uint8Array | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: string;
}

/** A batch of messages from one partition of one topic, in offset order. */
export interface MessageBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly IncomingMessage[];
}

/**
 * What a transform produced for a batch: the messages to write and, optionally, what to do once they and the
 * offsets are committed (e.g. apply staged in-memory state, so an aborted transaction leaves state untouched).
 */
export interface TransformResult {
  readonly outputs: readonly OutgoingMessage[];
  readonly afterCommit?: () => void;
}

/** Turns a batch into the messages to write; called again with the same batch if the transaction failed. */
export type TransformHandler = (batch: MessageBatch) => Promise<readonly OutgoingMessage[] | TransformResult>;

/** Normalises a handler's answer to a {@link TransformResult}. */
export function toTransformResult(answer: readonly OutgoingMessage[] | TransformResult): TransformResult {
  return Array.isArray(answer) ? { outputs: answer } : (answer as TransformResult);
}

/** Handles a batch for a sink (at least once: the handler must be idempotent). */
export type SinkHandler = (batch: MessageBatch) => Promise<void>;

/** Options shared by both kinds of consumer. */
export interface ConsumeOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a new group starts; defaults to the earliest offset, so nothing published before start is missed. */
  readonly fromBeginning?: boolean;
  /**
   * How many partitions' batches may be handled at once (default {@link DEFAULT_PARTITIONS_CONCURRENTLY}: every
   * partition of a fetch at once, so one transaction carries them all). The handler must be safe to run
   * concurrently for different partitions (their keys, hence their state, never overlap); a partition's own batches
   * stay in order.
   */
  readonly partitionsConcurrently?: number;
  /**
   * Transactional consumers: how many transaction lanes the group's partitions are dealt into (default 1). Partition
   * `p` of every input topic is in lane `p % lanes`; one instance owns a whole lane and commits all of its partitions'
   * batches of a fetch in one transaction. It is also the most instances that share the work (more stand by), and
   * every instance of a group must use the same count (ADR 0081).
   */
  readonly lanes?: number;
  /**
   * The answer for a message whose handler fails on every attempt: its dead letter and audit record
   * (`isolatePoison`), committed with the consumed offset (a transform) or published before it (a sink, which also
   * counts it in `stats().sinkDeadLetters`). Without it, a batch whose handler keeps failing is retried for ever.
   */
  readonly deadLetter?: (
    message: IncomingMessage,
    why: { readonly code: string; readonly reason: string },
  ) => readonly OutgoingMessage[];
  /** Called when partitions are assigned to this instance, before their first batch (e.g. to restore state). */
  readonly onAssigned?: (
    assignment: ReadonlyArray<{ topic: string; partitions: readonly number[] }>,
  ) => Promise<void>;
}

/** How many partitions' batches a consumer handles at once unless told otherwise. */
export const DEFAULT_PARTITIONS_CONCURRENTLY = 32;

/** What a bus has done since it was made (for metrics and for tests of its batching). */
export interface EventBusStats {
  /** Transactions committed by transactional consumers. */
  readonly transactions: number;
  /** Input messages whose offsets those transactions carried. */
  readonly transactionInputs: number;
  /** Flushes of batches that produced nothing, whose offsets were committed without a transaction. */
  readonly offsetCommits: number;
  /** Messages a sink handler failed on every attempt, dead-lettered so the partition moved on. */
  readonly sinkDeadLetters: number;
}

/** A running consumer. */
export interface Subscription {
  /** Resolves once the consumer has joined its group and received its assignment. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The hub's spine, as a port. The Kafka adapter is `KafkaEventBus`; `InMemoryEventBus` is its fake,
 * and both pass `eventBusContract`.
 *
 * @example
 *   await bus.publish([{ topic: 'incident.recorded', key: householdKey, value: codec.encode('IncidentRecorded', incident) }]);
 *   const sub = await bus.consumeTransactionally({ groupId: 'triage', topics: ['incident.recorded'] }, async (batch) => outputsFor(batch));
 */
export interface EventBus {
  /** Writes messages idempotently; resolves only after every in-sync replica acknowledged them all. */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  /**
   * Consume-transform-produce, exactly once: the handler runs on each batch of one partition, and the outputs and
   * consumed offsets of the batches handled at once are committed in one transaction per lane (one transactional id
   * per lane, see `lanes`). A flush that produced nothing commits its offsets without a transaction. Readers see
   * only committed messages.
   */
  consumeTransactionally(options: ConsumeOptions, handler: TransformHandler): Promise<Subscription>;
  /**
   * A read-committed consumer that commits offsets after the handler resolves (at least once). A batch whose handler
   * keeps failing is retried; once it has failed `HANDLER_ATTEMPTS` times, its messages are handled one at a time,
   * and one that fails again is published as `options.deadLetter` and skipped (issue 17's rule for sinks).
   */
  consume(options: ConsumeOptions, handler: SinkHandler): Promise<Subscription>;
  /**
   * Reads again every message the group has already consumed (offsets below its committed offsets) on the given
   * partitions, in order, and resolves when done: how a service rebuilds in-memory state from its own inputs when
   * partitions are assigned to it. With `options.spanMs`, only the consumed records of the last `spanMs` before the
   * newest one's timestamp (a state bounded by time, ADR 0082).
   */
  replayConsumed(
    groupId: string,
    assignment: ReadonlyArray<{ topic: string; partitions: readonly number[] }>,
    handler: (batch: MessageBatch) => Promise<void>,
    options?: ReplayOptions,
  ): Promise<{ messages: number }>;
  /**
   * The offset after the last committed message of each partition of `topics`, as the broker has them now: what a
   * reader must have consumed to be caught up with everything acknowledged so far.
   */
  latestOffsets(
    topics: readonly string[],
  ): Promise<Array<{ topic: string; partition: number; offset: string }>>;
  /** Counts of what the bus has done (transactions and the inputs they carried, offset-only commits, dead letters). */
  stats(): EventBusStats;
  /** Whether the broker answers now (for readiness probes). */
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}
