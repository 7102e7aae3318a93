import {
  Kafka,
  logLevel,
  type Consumer,
  type EachBatchPayload,
  type Producer,
  type Transaction,
  type KafkaConfig,
  type PartitionAssigner,
  type Admin,
} from 'kafkajs';
import type { Logger } from 'pino';
import { chunkByBytes } from '../chunkByBytes.js';
import { coalesce } from '../coalesce.js';
import { MessagingError, OutputRefusedError, permanentRefusalOf } from '../errors.js';
import { noFaultPoint, type FaultPoint } from '../faultPoint.js';
import type { ConsumerMonitor } from '../health/ConsumerMonitor.js';
import { DEAD_LETTER_CODE_HEADER, DEAD_LETTER_FROM_HEADER } from '../ports/deadLetterHeaders.js';
import { isolatePoison } from '../ports/isolatePoison.js';
import {
  DEFAULT_PARTITIONS_CONCURRENTLY,
  type ConsumeOptions,
  type EventBus,
  type EventBusStats,
  type IncomingMessage,
  type MessageBatch,
  type OutgoingMessage,
  type ReplayOptions,
  type SinkHandler,
  type Subscription,
  type TransformHandler,
} from '../ports/EventBus.js';
import { kafkaLogCreator } from './kafkaLogCreator.js';
import { laneAssigner } from './laneAssigner.js';
import { retryKafka } from './retryKafka.js';
import { TransactionBatcher } from './TransactionBatcher.js';

/**
 * How many input messages one transaction (or sink commit) covers at most. A transaction costs the same four broker
 * round trips (add partitions, produce, send offsets, end) whatever it holds, so it covers a whole fetched batch; the
 * cap bounds the work between heartbeats (ADR 80).
 */
const MAX_MESSAGES_PER_TRANSACTION = 2000;

/**
 * The most value bytes one produce request carries. A transaction's outputs go in as many requests as this takes,
 * so no record batch comes near a broker's default 1 MiB `message.max.bytes`, however large the transaction.
 */
const MAX_BYTES_PER_PRODUCE = 768 * 1024;

/** The slots of a lane's transactional ids, used in turn (ADR 0081). */
const TRANSACTIONAL_IDS_PER_LANE = [0, 1] as const;

/** How long the broker may hold a fetch waiting for more records: the linger that batches a trickle (ADR 0081). */
const FETCH_LINGER_MS = 20;

/** How many bytes a fetch waits for before the linger is over (a burst fills it at once). */
const FETCH_MIN_BYTES = 256 * 1024;

/** The longest pause between attempts to replace a consumer that crashed for good (ADR 0111). */
const RELAUNCH_MAX_PAUSE_MS = 10_000;

/** Settings for {@link KafkaEventBus}. */
export interface KafkaEventBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: Logger;
  /** Extra kafkajs settings (TLS, SASL) from config. */
  readonly kafka?: Partial<KafkaConfig>;
  /** How long `publish` waits for the broker before failing (ms). */
  readonly requestTimeoutMs?: number;
  /** How long a fetch may wait for more records (ms; default 20): the most latency batching adds. */
  readonly fetchLingerMs?: number;
  /** Where a fault test may pause the process: before a transaction's commit, with it sent, before a sink's offsets. */
  readonly faultPoint?: FaultPoint;
  /**
   * Told what every consumer of this bus does (fetches, progress, crashes) and every dead letter written (a message
   * carrying the dead-letter headers, committed or published): the service's lag, readiness and dead-letter counts.
   */
  readonly monitor?: ConsumerMonitor;
}

/** The Kafka adapter's counts: the port's, and the time its transactions took (begin to commit). */
export interface KafkaEventBusStats extends EventBusStats {
  /** Sum of the committed transactions' durations (ms). */
  readonly transactionMs: number;
  /** The longest one (ms): a CONCURRENT_TRANSACTIONS backoff shows here. */
  readonly slowestTransactionMs: number;
}

/** The EventBus on Apache Kafka via kafkajs: idempotent producer, one transaction per lane and fetch, read_committed. */
export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  private readonly logger: Logger;
  private readonly faultPoint: FaultPoint;
  private producer: Producer | undefined;
  private producerConnecting: Promise<Producer> | undefined;
  private readonly subscriptions = new Set<Subscription>();
  private offsetsAdmin: Promise<Admin> | undefined;
  private readonly counters = {
    transactions: 0,
    transactionInputs: 0,
    offsetCommits: 0,
    sinkDeadLetters: 0,
    transactionMs: 0,
    slowestTransactionMs: 0,
  };

  constructor(private readonly options: KafkaEventBusOptions) {
    this.logger = options.logger;
    this.faultPoint = options.faultPoint ?? noFaultPoint;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: logLevel.INFO,
      logCreator: kafkaLogCreator(options.logger),
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      connectionTimeout: 3_000,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2_000 },
      ...options.kafka,
    });
  }

  /** The underlying client, for admin work (topic provisioning, offsets in tests). */
  get client(): Kafka {
    return this.kafka;
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    return this.publishCoalesced(messages);
  }

  // Concurrent publishes are sent together: the idempotent producer allows one request in flight, so while one is in
  // flight the next ones queue and go as a single batch. Each caller resolves when its batch is acknowledged.
  private readonly publishCoalesced = coalesce(async (batches: Array<readonly OutgoingMessage[]>) => {
    const producer = await this.sharedProducer();
    try {
      for (const chunk of chunkByBytes(batches.flat(), MAX_BYTES_PER_PRODUCE))
        await producer.sendBatch({
          acks: -1,
          timeout: this.options.requestTimeoutMs ?? 10_000,
          topicMessages: toTopicMessages(chunk),
        });
      for (const batch of batches) this.countDeadLetters(batch);
    } catch (err) {
      const refusal = permanentRefusalOf(err);
      // A message the broker refuses for good fails its publish as OUTPUT_REFUSED (not retriable): a sink that
      // published it dead-letters its input (isolatePoison) rather than retrying it for ever.
      const thrown =
        refusal === undefined
          ? err
          : new OutputRefusedError(refusal, `the broker refused a message for good (${refusal})`, err);
      // A send that failed (e.g. the broker went away) may leave the idempotent producer's sequence numbers ahead of
      // what the broker holds, so every later send is refused: the next publish starts a new producer (a new
      // producer id). The caller is told the outcome is unknown; consumers count an event id once.
      if (this.producer === producer) {
        this.producer = undefined;
        this.producerConnecting = undefined;
        await producer.disconnect().catch(() => undefined);
      }
      throw thrown;
    }
    return batches.map(() => undefined);
  });

  async consumeTransactionally(options: ConsumeOptions, handler: TransformHandler): Promise<Subscription> {
    const lanes = options.lanes ?? 1;
    const laneOf = (partition: number) => partition % lanes;
    // Two transactional ids per lane, used in turn: a transaction begins on the id whose previous transaction
    // ended longest ago, so it does not meet CONCURRENT_TRANSACTIONS while the coordinator still writes the last
    // one's markers (ADR 0081). A new owner of the lane initialises both, fencing the old owner on either.
    const producers = new Map<string, Producer>();
    const turn = new Map<number, number>();
    const idOf = (lane: number, slot: number) => `${lane}.${slot}`;
    const dropProducer = async (key: string) => {
      const producer = producers.get(key);
      producers.delete(key);
      await producer?.disconnect().catch(() => undefined);
    };
    const dropLane = async (lane: number) => {
      await Promise.all(TRANSACTIONAL_IDS_PER_LANE.map((slot) => dropProducer(idOf(lane, slot))));
      turn.delete(lane);
    };
    /** The producer of one of a lane's ids, initialised: which fences any earlier owner of that id. */
    const producerFor = async (lane: number, slot: number): Promise<Producer> => {
      const key = idOf(lane, slot);
      let producer = producers.get(key);
      if (!producer) {
        producer = this.kafka.producer({
          transactionalId: `${options.groupId}.lane-${lane}-of-${lanes}.${slot}`,
          idempotent: true,
          maxInFlightRequests: 1,
          transactionTimeout: 60_000,
          // Should CONCURRENT_TRANSACTIONS still come, retry within milliseconds, not the client's 200 ms.
          retry: { initialRetryTime: 5, maxRetryTime: 2_000, retries: Number.MAX_SAFE_INTEGER },
        });
        producers.set(key, producer);
        try {
          await producer.connect();
          await (await producer.transaction()).abort(); // InitProducerId: the fence
        } catch (err) {
          await dropProducer(key);
          throw err;
        }
      }
      return producer;
    };
    let consumer!: Consumer;
    const stats = this.counters;
    /** Commits what the batches handled at once produced: one transaction per lane, offsets alone when nothing. */
    const commitLane = async (parts: readonly PendingCommit[]): Promise<void> => {
      const outputs = parts.flatMap((p) => p.outputs);
      const offsets = parts.map((p) => ({
        topic: p.topic,
        partition: p.partition,
        offset: (BigInt(p.lastOffset) + 1n).toString(),
      }));
      const inputs = parts.reduce((n, p) => n + p.inputs, 0);
      if (outputs.length === 0) {
        // No outputs, no transaction: the group's own commit (fenced by its generation) moves the offsets.
        await this.faultPoint('kafka.offsets.beforeCommit');
        await consumer.commitOffsets(offsets);
        stats.offsetCommits++;
        return;
      }
      const lane = laneOf(parts[0]!.partition);
      const slot = turn.get(lane) ?? 0;
      turn.set(lane, (slot + 1) % TRANSACTIONAL_IDS_PER_LANE.length);
      const producer = await producerFor(lane, slot);
      const started = performance.now();
      const transaction: Transaction = await producer.transaction();
      try {
        for (const chunk of chunkByBytes(outputs, MAX_BYTES_PER_PRODUCE))
          await transaction.sendBatch({ acks: -1, topicMessages: toTopicMessages(chunk) });
        await this.faultPoint('kafka.transaction.beforeCommit');
        await retryKafka(
          () =>
            transaction.sendOffsets({
              consumerGroupId: options.groupId,
              topics: [...new Set(offsets.map((o) => o.topic))].map((topic) => ({
                topic,
                partitions: offsets
                  .filter((o) => o.topic === topic)
                  .map(({ partition, offset }) => ({ partition, offset })),
              })),
            }),
          this.logger,
        );
        // The commit is asked for before the fault point is reached, so a kill there lands while it may or may
        // not have been committed: the moment a restart must neither redo nor lose.
        const committing = transaction.commit();
        committing.catch(() => undefined);
        await this.faultPoint('kafka.transaction.commitSent');
        await committing;
        this.countDeadLetters(outputs);
      } catch (err) {
        await transaction
          .abort()
          .catch((abortErr: unknown) => this.logger.warn({ err: abortErr }, 'transaction abort failed'));
        // The producer may be fenced or broken: start afresh with the next attempt.
        await dropProducer(idOf(lane, slot));
        // A fenced producer stays as it was: another owner holds the lane. A send the broker refused for good (a
        // message too large, say) is an OutputRefusedError: isolatePoison dead-letters the input whose outputs it
        // was (OUTPUT_REFUSED), so the partition moves on. Anything else was aborted by a broker away, a coordinator
        // moving…: the batch is tried again (retriable, so kafkajs does not stop the consumer for ever).
        if (isFenced(err)) throw err;
        const refusal = permanentRefusalOf(err);
        if (refusal !== undefined)
          throw new OutputRefusedError(refusal, `the broker refused an output for good (${refusal})`, err);
        throw new MessagingError('TRANSACTION_ABORTED', 'the transaction was aborted; the batch is retried', {
          retriable: true,
          cause: err,
        });
      }
      const ms = performance.now() - started;
      stats.transactions++;
      stats.transactionInputs += inputs;
      stats.transactionMs += ms;
      stats.slowestTransactionMs = Math.max(stats.slowestTransactionMs, ms);
    };
    const batcher = new TransactionBatcher<PendingCommit>(async (parts) => {
      const byLane = new Map<number, PendingCommit[]>();
      for (const p of parts) byLane.set(laneOf(p.partition), [...(byLane.get(laneOf(p.partition)) ?? []), p]);
      const failed = new Map<PendingCommit, Error>();
      const asError = (err: unknown) =>
        err instanceof Error
          ? err
          : new MessagingError('COMMIT_FAILED', 'the transaction failed', { retriable: true, cause: err });
      await Promise.all(
        [...byLane].map(async ([, laneParts]) => {
          try {
            await commitLane(laneParts);
          } catch (err) {
            if (!(err instanceof OutputRefusedError) || laneParts.length === 1) {
              for (const p of laneParts) failed.set(p, asError(err));
              return;
            }
            // Refused for good: commit each partition's part on its own, so only the part holding the refused
            // output fails (and is isolated); the other partitions' inputs are not dead-lettered with it.
            for (const p of laneParts)
              await commitLane([p]).catch((one: unknown) => failed.set(p, asError(one)));
          }
        }),
      );
      return parts.map((p) => failed.get(p));
    });
    const guarded = isolatePoison(options, handler);
    const sub = await this.startConsumer(
      options,
      {
        partitionAssigners: [laneAssigner(lanes)],
        onAssignment: async (assignment) => {
          // Fence every earlier owner of our lanes before anything is read, and let go of lanes no longer ours.
          const owned = new Set(assignment.flatMap((a) => a.partitions.map(laneOf)));
          for (const lane of [...turn.keys()]) if (!owned.has(lane)) await dropLane(lane);
          for (const lane of owned) {
            for (const slot of TRANSACTIONAL_IDS_PER_LANE) await producerFor(lane, slot);
            turn.set(lane, turn.get(lane) ?? 0);
          }
        },
        batcher,
      },
      (batch, payload) =>
        guarded(batch, async (part, { outputs, afterCommit }) => {
          const last = part.messages[part.messages.length - 1]!;
          await batcher.submit({
            topic: part.topic,
            partition: part.partition,
            lastOffset: last.offset,
            inputs: part.messages.length,
            outputs,
          });
          payload.resolveOffset(last.offset);
          afterCommit?.();
        }),
      async () => {
        await Promise.all([...producers.keys()].map(dropProducer));
        turn.clear();
      },
      (c) => (consumer = c),
    );
    return sub;
  }

  async consume(options: ConsumeOptions, handler: SinkHandler): Promise<Subscription> {
    // The sink's rule for bad records is the transform's (isolatePoison): its dead letters are published, then the
    // offset is committed, so a record that fails on every attempt is set aside and the partition moves on.
    const guarded = isolatePoison(options, async (batch) => {
      await handler(batch);
      return [];
    });
    return this.startConsumer(
      options,
      {},
      (batch, payload) =>
        guarded(batch, async (part, { outputs }) => {
          if (outputs.length > 0) {
            await this.publish(outputs);
            this.counters.sinkDeadLetters += part.messages.length;
          }
          const last = part.messages[part.messages.length - 1]!;
          await this.faultPoint('kafka.offsets.beforeCommit');
          payload.resolveOffset(last.offset);
          await payload.commitOffsetsIfNecessary({
            topics: [
              {
                topic: part.topic,
                partitions: [{ partition: part.partition, offset: (BigInt(last.offset) + 1n).toString() }],
              },
            ],
          });
        }),
      async () => undefined,
    );
  }

  async latestOffsets(
    topics: readonly string[],
  ): Promise<Array<{ topic: string; partition: number; offset: string }>> {
    // One admin connection kept for these look-ups: the router asks once per routed fetch.
    this.offsetsAdmin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((err: unknown) => {
      this.offsetsAdmin = undefined;
      throw err;
    });
    const admin = await this.offsetsAdmin;
    const out: Array<{ topic: string; partition: number; offset: string }> = [];
    for (const topic of topics)
      for (const p of await admin.fetchTopicOffsets(topic))
        out.push({ topic, partition: p.partition, offset: p.high });
    return out;
  }

  stats(): KafkaEventBusStats {
    return { ...this.counters };
  }

  /** Tells the monitor of the dead letters among messages just written (those carrying the dead-letter headers). */
  private countDeadLetters(messages: readonly OutgoingMessage[]): void {
    const monitor = this.options.monitor;
    if (!monitor) return;
    for (const m of messages) {
      const code = m.headers?.[DEAD_LETTER_CODE_HEADER];
      if (code !== undefined) monitor.deadLettered(m.headers?.[DEAD_LETTER_FROM_HEADER] ?? m.topic, code);
    }
  }

  async replayConsumed(
    groupId: string,
    assignment: ReadonlyArray<{ topic: string; partitions: readonly number[] }>,
    handler: (batch: MessageBatch) => Promise<void>,
    options: ReplayOptions = {},
  ): Promise<{ messages: number }> {
    // Targets: the group's committed offset per partition. The message at committed-1 is always a committed data
    // message (sendOffsets commits the last consumed offset + 1), so a read-committed reader reaches it exactly.
    const admin = this.kafka.admin();
    await admin.connect();
    const remaining = new Map<string, bigint>();
    /** Where each topic's partitions start: from a time for assigned ones (spanMs), the end for the others. */
    const starts = new Map<string, Array<{ partition: number; offset: string }>>();
    try {
      for (const { topic, partitions } of assignment) {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        for (const p of committed?.partitions ?? []) {
          const target = BigInt(p.offset);
          if (partitions.includes(p.partition) && target > 0n)
            remaining.set(`${topic}|${p.partition}`, target);
        }
      }
      if (remaining.size === 0) return { messages: 0 };
      const topics = [...new Set([...remaining.keys()].map((k) => k.split('|')[0]!))];
      // Partitions of these topics not being replayed are not read at all.
      for (const topic of topics)
        starts.set(
          topic,
          (await admin.fetchTopicOffsets(topic))
            .filter((p) => !remaining.has(`${topic}|${p.partition}`))
            .map((p) => ({ partition: p.partition, offset: p.high })),
        );
      if (options.spanMs !== undefined) {
        const since = (await this.newestTimestamp(groupId, admin, remaining)) - options.spanMs;
        for (const topic of topics)
          for (const p of await admin.fetchTopicOffsetsByTimestamp(topic, since)) {
            const key = `${topic}|${p.partition}`;
            const target = remaining.get(key);
            if (target === undefined) continue;
            // A partition with nothing in the span is not read at all (its start is at or past its target).
            if (BigInt(p.offset) >= target) remaining.delete(key);
            starts.get(topic)!.push({ partition: p.partition, offset: p.offset });
          }
        if (remaining.size === 0) return { messages: 0 };
      }
    } finally {
      await admin.disconnect();
    }
    return this.readConsumed(`${groupId}.replay.${process.pid}.${Date.now()}`, remaining, starts, handler);
  }

  /** The newest timestamp of the records a group consumed last on these partitions (those at committed - 1). */
  private async newestTimestamp(
    groupId: string,
    admin: Admin,
    remaining: ReadonlyMap<string, bigint>,
  ): Promise<number> {
    const starts = new Map<string, Array<{ partition: number; offset: string }>>();
    const lasts = new Map<string, bigint>();
    for (const [key, target] of remaining) {
      const [topic, partition] = key.split('|') as [string, string];
      starts.set(topic, [
        ...(starts.get(topic) ?? []),
        { partition: Number(partition), offset: String(target - 1n) },
      ]);
      lasts.set(key, target);
    }
    for (const [topic, partitions] of starts) {
      const others = (await admin.fetchTopicOffsets(topic)).filter(
        (p) => !partitions.some((q) => q.partition === p.partition),
      );
      partitions.push(...others.map((p) => ({ partition: p.partition, offset: p.high })));
    }
    let newest = Number.NEGATIVE_INFINITY;
    await this.readConsumed(
      `${groupId}.replay-tail.${process.pid}.${Date.now()}`,
      lasts,
      starts,
      async (batch) => {
        for (const m of batch.messages) newest = Math.max(newest, Number(m.timestamp));
        return Promise.resolve();
      },
    );
    return newest;
  }

  /**
   * Reads, with a throwaway group whose offsets are set to `starts` first (partitions not set start at the earliest),
   * every message below each partition's target in `remaining`, and resolves when every target was reached.
   */
  private async readConsumed(
    readerGroup: string,
    targets: ReadonlyMap<string, bigint>,
    starts: ReadonlyMap<string, ReadonlyArray<{ partition: number; offset: string }>>,
    handler: (batch: MessageBatch) => Promise<void>,
  ): Promise<{ messages: number }> {
    const remaining = new Map(targets);
    const topics = [...new Set([...remaining.keys()].map((k) => k.split('|')[0]!))];
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const topic of topics) {
        const partitions = starts.get(topic) ?? [];
        if (partitions.length > 0)
          await admin.setOffsets({ groupId: readerGroup, topic, partitions: [...partitions] });
      }
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({
      groupId: readerGroup,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    let messages = 0;
    let finish!: () => void;
    let fail!: (err: unknown) => void;
    const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
    // A replay whose consumer crashed for good would wait for ever: it fails, and the assignment is tried again.
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart) fail(event.payload.error);
    });
    await consumer.connect();
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const key = `${batch.topic}|${batch.partition}`;
        const target = remaining.get(key);
        if (target === undefined) return;
        const wanted = batch.messages.filter((m) => BigInt(m.offset) < target);
        if (wanted.length > 0) {
          await handler({
            topic: batch.topic,
            partition: batch.partition,
            messages: wanted.map((m) => ({
              topic: batch.topic,
              partition: batch.partition,
              offset: m.offset,
              key: m.key ? m.key.toString('utf8') : null,
              value: m.value ? new Uint8Array(m.value.buffer, m.value.byteOffset, m.value.byteLength) : null,
              headers: decodeHeaders(m.headers),
              timestamp: m.timestamp,
            })),
          }).catch(fail);
          messages += wanted.length;
        }
        if (batch.messages.some((m) => BigInt(m.offset) >= target - 1n)) {
          remaining.delete(key);
          if (remaining.size === 0) finish();
        }
      },
    });
    try {
      await done;
    } finally {
      await consumer.disconnect();
    }
    return { messages };
  }

  async isHealthy(): Promise<boolean> {
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      await admin.describeCluster();
      return true;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    const admin = this.offsetsAdmin;
    this.offsetsAdmin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
    const producer = this.producer;
    this.producer = undefined;
    this.producerConnecting = undefined;
    if (producer) await producer.disconnect();
  }

  private async sharedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    if (!this.producerConnecting) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      this.producerConnecting = producer.connect().then(
        () => {
          this.producer = producer;
          return producer;
        },
        (err: unknown) => {
          this.producerConnecting = undefined;
          throw err;
        },
      );
    }
    return this.producerConnecting;
  }

  private async startConsumer(
    options: ConsumeOptions,
    extras: ConsumerExtras,
    processBatch: (batch: MessageBatch, payload: EachBatchPayload) => Promise<void>,
    onStop: () => Promise<void>,
    onConsumer: (consumer: Consumer) => void = () => undefined,
  ): Promise<Subscription> {
    let resolveReady!: () => void;
    const ready = new Promise<void>((resolve) => (resolveReady = resolve));
    // Batches wait until the latest assignment's fencing, offsets read and onAssigned (e.g. a state restore) are done.
    let assigned: Promise<void> = Promise.resolve();
    // The group's committed offsets as read after fencing: a batch fetched from an older position (read before a
    // fenced owner's last commit) drops what that owner already committed.
    let floors = new Map<string, bigint>();
    let stopped = false;
    let consumer!: Consumer;
    const relaunching = new WeakSet<Consumer>();
    /** A fresh kafkajs consumer of the group, running; on a crash kafkajs will not recover from, the next one. */
    const launch = async (): Promise<void> => {
      const current: Consumer = this.kafka.consumer({
        groupId: options.groupId,
        readUncommitted: false,
        allowAutoTopicCreation: false,
        sessionTimeout: 15_000,
        heartbeatInterval: 1_000,
        rebalanceTimeout: 30_000,
        // The broker holds a fetch until it has FETCH_MIN_BYTES or FETCH_LINGER_MS has passed: under a trickle a
        // fetch (and so a transaction) gathers what arrived in the linger; under a burst it answers at once (ADR 0081).
        minBytes: FETCH_MIN_BYTES,
        maxWaitTimeInMs: this.options.fetchLingerMs ?? FETCH_LINGER_MS,
        retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
        ...(extras.partitionAssigners ? { partitionAssigners: extras.partitionAssigners } : {}),
      });
      consumer = current;
      onConsumer(current);
      const monitor = this.options.monitor;
      if (monitor) {
        const group = options.groupId;
        current.on(current.events.START_BATCH_PROCESS, ({ payload }) => {
          monitor.fetched(
            group,
            payload.topic,
            payload.partition,
            payload.highWatermark,
            payload.firstOffset ?? undefined,
          );
          // A fetch of transaction markers only: kafkajs moves past them, and so has the group's position.
          if (payload.batchSize === 0 && payload.lastOffset !== undefined)
            monitor.progressed(
              group,
              payload.topic,
              payload.partition,
              (BigInt(payload.lastOffset) + 1n).toString(),
              0,
            );
        });
        current.on(current.events.CRASH, ({ payload }) =>
          monitor.crashed(group, (payload.error as { type?: string }).type ?? payload.error.name),
        );
      }
      current.on(current.events.GROUP_JOIN, (event) => {
        const assignment = Object.entries(event.payload.memberAssignment).map(([topic, partitions]) => ({
          topic,
          partitions,
        }));
        this.options.monitor?.assigned(options.groupId, assignment);
        assigned = (async () => {
          if (extras.onAssignment) {
            await extras.onAssignment(assignment);
            floors = await this.committedOffsets(options.groupId, assignment);
          }
          await options.onAssigned?.(assignment);
        })();
        assigned.then(resolveReady, (err: unknown) => {
          // Fencing or a state restore that failed (the broker away) leaves the assignment unusable: a new
          // consumer joins again and runs them again.
          this.logger.error({ err, groupId: options.groupId }, 'onAssigned failed; starting a new consumer');
          if (!stopped && consumer === current) void relaunch(current);
        });
      });
      // kafkajs restarts a consumer after a crash only when it deems the cause retriable; one it does not (e.g. no
      // group coordinator found while the broker was away) leaves the consumer stopped and the process running,
      // deaf to its topics. Such a consumer is replaced by a new one of the same group (ADR 0111).
      current.on(current.events.CRASH, (event) => {
        if (event.payload.restart || stopped || consumer !== current) return;
        this.logger.error(
          { err: event.payload.error, groupId: options.groupId },
          'consumer crashed and kafkajs will not restart it; starting a new one',
        );
        void relaunch(current);
      });
      try {
        await current.connect();
        for (const topic of options.topics)
          await current.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
        await current.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: options.partitionsConcurrently ?? DEFAULT_PARTITIONS_CONCURRENTLY,
          eachBatch: async (payload) => {
            extras.batcher?.enter();
            try {
              await this.handleBatch(
                payload,
                () => assigned,
                () => floors,
                processBatch,
                options.groupId,
              );
            } finally {
              extras.batcher?.leave();
            }
          },
        });
      } catch (err) {
        await current.disconnect().catch(() => undefined);
        throw err;
      }
    };
    /** Replaces a crashed consumer, trying again (with a growing pause) until one runs or the subscription stops. */
    const relaunch = async (crashed: Consumer): Promise<void> => {
      if (relaunching.has(crashed)) return;
      relaunching.add(crashed);
      await crashed.disconnect().catch(() => undefined);
      for (let attempt = 0; !stopped; attempt++) {
        await new Promise((r) => setTimeout(r, Math.min(RELAUNCH_MAX_PAUSE_MS, 500 * 2 ** attempt)));
        if (stopped) return;
        try {
          await launch();
          if (stopped) await consumer.disconnect();
          this.logger.info({ groupId: options.groupId, attempt }, 'consumer started again');
          return;
        } catch (err) {
          this.logger.warn({ err, groupId: options.groupId, attempt }, 'starting the consumer again failed');
        }
      }
    };
    await launch();
    const subscription: Subscription = {
      ready,
      stop: async () => {
        stopped = true;
        this.subscriptions.delete(subscription);
        await consumer.disconnect();
        this.options.monitor?.stopped(options.groupId);
        await onStop();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The group's committed offset of each assigned partition (absent: none committed). */
  private async committedOffsets(
    groupId: string,
    assignment: ReadonlyArray<{ topic: string; partitions: readonly number[] }>,
  ): Promise<Map<string, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    const floors = new Map<string, bigint>();
    try {
      for (const { topic, partitions } of assignment) {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        for (const p of committed?.partitions ?? [])
          if (partitions.includes(p.partition) && BigInt(p.offset) > 0n)
            floors.set(`${topic}|${p.partition}`, BigInt(p.offset));
      }
    } finally {
      await admin.disconnect();
    }
    return floors;
  }

  /** Hands one fetched batch to `processBatch`, in chunks, once the assignment is ready. */
  private async handleBatch(
    payload: EachBatchPayload,
    assigned: () => Promise<void>,
    floors: () => ReadonlyMap<string, bigint>,
    processBatch: (batch: MessageBatch, payload: EachBatchPayload) => Promise<void>,
    groupId: string,
  ): Promise<void> {
    const { batch } = payload;
    const monitor = this.options.monitor;
    await assigned();
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const floor = floors().get(`${batch.topic}|${batch.partition}`) ?? 0n;
    const fresh = batch.messages.filter((m) => BigInt(m.offset) >= floor);
    // Where the group's position is once the whole batch is handled: after its last record, or after the transaction
    // marker that follows it when the fetch held one (kafkajs's lastOffset counts control records). Reported as the
    // last record's offset + 1 instead, a partition whose log ends in a commit marker would show a lag of 1 for ever
    // and turn /readyz false as "stalled" once the load stops.
    const batchEnd = BigInt(batch.lastOffset()) + 1n;
    if (fresh.length === 0) {
      const last = batch.messages[batch.messages.length - 1]!.offset;
      payload.resolveOffset(last);
      monitor?.progressed(groupId, batch.topic, batch.partition, batchEnd.toString(), 0);
      return;
    }
    const incoming: IncomingMessage[] = fresh.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: m.offset,
      key: m.key ? m.key.toString('utf8') : null,
      value: m.value ? new Uint8Array(m.value.buffer, m.value.byteOffset, m.value.byteLength) : null,
      headers: decodeHeaders(m.headers),
      timestamp: m.timestamp,
    }));
    try {
      // One transaction per chunk of at most MAX_MESSAGES_PER_TRANSACTION inputs bounds the work between heartbeats.
      for (let i = 0; i < incoming.length; i += MAX_MESSAGES_PER_TRANSACTION) {
        if (!payload.isRunning() || payload.isStale()) break;
        const chunk = incoming.slice(i, i + MAX_MESSAGES_PER_TRANSACTION);
        await processBatch({ topic: batch.topic, partition: batch.partition, messages: chunk }, payload);
        // Handled and committed (processBatch resolves after its commit): the group's position moved.
        const afterChunk = BigInt(chunk[chunk.length - 1]!.offset) + 1n;
        const lastChunk = i + MAX_MESSAGES_PER_TRANSACTION >= incoming.length;
        monitor?.progressed(
          groupId,
          batch.topic,
          batch.partition,
          (lastChunk && batchEnd > afterChunk ? batchEnd : afterChunk).toString(),
          chunk.length,
        );
        await payload.heartbeat();
      }
    } catch (err) {
      this.logger.warn(
        { err, topic: batch.topic, partition: batch.partition, offset: batch.firstOffset() },
        'batch failed; it will be retried',
      );
      // A refusal that reached here had no dead letter to take its place (no `deadLetter`, or the dead letter was
      // refused too): the batch is retried, as kafkajs stops a consumer for ever on an error not retriable.
      if (err instanceof OutputRefusedError)
        throw new MessagingError('TRANSACTION_ABORTED', 'an output was refused; the batch is retried', {
          retriable: true,
          cause: err,
        });
      throw err instanceof MessagingError || (err as { retriable?: boolean }).retriable !== undefined
        ? err
        : new MessagingError('BATCH_FAILED', 'processing the batch failed', {
            retriable: true,
            origin: {
              topic: batch.topic,
              partition: batch.partition,
              offset: batch.firstOffset() ?? '0',
            },
            cause: err,
          });
    }
    await payload.heartbeat();
  }
}

/** What a transactional consumer adds to the common consumer loop. */
interface ConsumerExtras {
  readonly partitionAssigners?: PartitionAssigner[];
  /** Runs on every assignment before the committed offsets are read (fencing). */
  readonly onAssignment?: (
    assignment: ReadonlyArray<{ topic: string; partitions: readonly number[] }>,
  ) => Promise<void>;
  readonly batcher?: TransactionBatcher<PendingCommit>;
}

/** One partition's part of a flush: its outputs and the last offset they cover. */
interface PendingCommit {
  readonly topic: string;
  readonly partition: number;
  readonly lastOffset: string;
  readonly inputs: number;
  readonly outputs: readonly OutgoingMessage[];
}

// The errors by which the broker tells a transactional producer that a newer one holds its id.
const FENCING_ERRORS = new Set([
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'TRANSACTION_COORDINATOR_FENCED',
]);

function isFenced(err: unknown): boolean {
  const type = (err as { type?: unknown }).type;
  return typeof type === 'string' && FENCING_ERRORS.has(type);
}

function toTopicMessages(messages: readonly OutgoingMessage[]) {
  const byTopic = new Map<
    string,
    { key: string | null; value: Buffer; headers?: Record<string, string>; timestamp?: string }[]
  >();
  for (const m of messages) {
    const list = byTopic.get(m.topic) ?? [];
    list.push({
      key: m.key,
      value: Buffer.from(m.value.buffer, m.value.byteOffset, m.value.byteLength),
      ...(m.headers ? { headers: { ...m.headers } } : {}),
      ...(m.timestamp ? { timestamp: m.timestamp } : {}),
    });
    byTopic.set(m.topic, list);
  }
  return [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs }));
}

function decodeHeaders(
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first.toString();
  }
  return out;
}
