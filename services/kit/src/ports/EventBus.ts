/** A message to write: the value is encoded bytes (Avro single-object), the key never holds personal data. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
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
   * How many partitions' batches may be handled at once (default 1). Above 1, the handler must be safe to run
   * concurrently for different partitions (their keys, hence their state, never overlap); a partition's own batches
   * stay in order.
   */
  readonly partitionsConcurrently?: number;
  /**
   * A transform's answer for a message its handler fails on every attempt: its dead letter and audit record
   * (`isolatePoison`). Without it, a batch whose handler keeps failing is retried for ever.
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
   * Consume-transform-produce, exactly once: for each batch of one partition, the handler's outputs and the
   * consumed offsets are committed in one transaction (one transactional id per input partition). Readers
   * see only committed messages.
   */
  consumeTransactionally(options: ConsumeOptions, handler: TransformHandler): Promise<Subscription>;
  /** A read-committed consumer that commits offsets after the handler resolves (at least once). */
  consume(options: ConsumeOptions, handler: SinkHandler): Promise<Subscription>;
  /**
   * Reads again every message the group has already consumed (offsets below its committed offsets) on the given
   * partitions, in order, and resolves when done: how a service rebuilds in-memory state from its own inputs when
   * partitions are assigned to it.
   */
  replayConsumed(
    groupId: string,
    assignment: ReadonlyArray<{ topic: string; partitions: readonly number[] }>,
    handler: (batch: MessageBatch) => Promise<void>,
  ): Promise<{ messages: number }>;
  /** Whether the broker answers now (for readiness probes). */
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}
