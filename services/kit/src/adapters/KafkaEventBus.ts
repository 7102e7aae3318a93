import {
  Kafka,
  logLevel,
  type Consumer,
  type EachBatchPayload,
  type Producer,
  type Transaction,
  type KafkaConfig,
} from 'kafkajs';
import type { Logger } from 'pino';
import { chunkByBytes } from '../chunkByBytes.js';
import { coalesce } from '../coalesce.js';
import { MessagingError } from '../errors.js';
import { isolatePoison } from '../ports/isolatePoison.js';
import type {
  ConsumeOptions,
  EventBus,
  IncomingMessage,
  MessageBatch,
  OutgoingMessage,
  SinkHandler,
  Subscription,
  TransformHandler,
} from '../ports/EventBus.js';
import { kafkaLogCreator } from './kafkaLogCreator.js';
import { retryKafka } from './retryKafka.js';

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

/** Settings for {@link KafkaEventBus}. */
export interface KafkaEventBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: Logger;
  /** Extra kafkajs settings (TLS, SASL) from config. */
  readonly kafka?: Partial<KafkaConfig>;
  /** How long `publish` waits for the broker before failing (ms). */
  readonly requestTimeoutMs?: number;
}

/** The EventBus on Apache Kafka via kafkajs: idempotent producer, transactions per input partition, read_committed. */
export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  private readonly logger: Logger;
  private producer: Producer | undefined;
  private producerConnecting: Promise<Producer> | undefined;
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly options: KafkaEventBusOptions) {
    this.logger = options.logger;
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
    for (const chunk of chunkByBytes(batches.flat(), MAX_BYTES_PER_PRODUCE))
      await producer.sendBatch({
        acks: -1,
        timeout: this.options.requestTimeoutMs ?? 10_000,
        topicMessages: toTopicMessages(chunk),
      });
    return batches.map(() => undefined);
  });

  async consumeTransactionally(options: ConsumeOptions, handler: TransformHandler): Promise<Subscription> {
    const producers = new Map<string, Producer>();
    const producerFor = async (topic: string, partition: number): Promise<Producer> => {
      // One transactional id per input partition: a new owner of the partition fences the old one (no KIP-447 in kafkajs).
      const transactionalId = `${options.groupId}.${topic}.${partition}`;
      let producer = producers.get(transactionalId);
      if (!producer) {
        producer = this.kafka.producer({
          transactionalId,
          idempotent: true,
          maxInFlightRequests: 1,
          transactionTimeout: 60_000,
        });
        await producer.connect();
        producers.set(transactionalId, producer);
      }
      return producer;
    };
    const guarded = isolatePoison(options, handler);
    return this.startConsumer(
      options,
      (batch, payload) =>
        guarded(batch, async (part, { outputs, afterCommit }) => {
          const producer = await producerFor(part.topic, part.partition);
          const last = part.messages[part.messages.length - 1]!;
          const nextOffset = (BigInt(last.offset) + 1n).toString();
          const transaction: Transaction = await producer.transaction();
          try {
            for (const chunk of chunkByBytes(outputs, MAX_BYTES_PER_PRODUCE))
              await transaction.sendBatch({ acks: -1, topicMessages: toTopicMessages(chunk) });
            await retryKafka(
              () =>
                transaction.sendOffsets({
                  consumerGroupId: options.groupId,
                  topics: [
                    { topic: part.topic, partitions: [{ partition: part.partition, offset: nextOffset }] },
                  ],
                }),
              this.logger,
            );
            await transaction.commit();
          } catch (err) {
            await transaction
              .abort()
              .catch((abortErr: unknown) => this.logger.warn({ err: abortErr }, 'transaction abort failed'));
            // The producer may be fenced or broken: start afresh with the next attempt.
            const transactionalId = `${options.groupId}.${part.topic}.${part.partition}`;
            producers.delete(transactionalId);
            await producer.disconnect().catch(() => undefined);
            throw err;
          }
          payload.resolveOffset(last.offset);
          afterCommit?.();
        }),
      async () => {
        await Promise.all([...producers.values()].map((p) => p.disconnect().catch(() => undefined)));
        producers.clear();
      },
    );
  }

  async consume(options: ConsumeOptions, handler: SinkHandler): Promise<Subscription> {
    return this.startConsumer(
      options,
      async (batch, payload) => {
        await handler(batch);
        const last = batch.messages[batch.messages.length - 1]!;
        payload.resolveOffset(last.offset);
        await payload.commitOffsetsIfNecessary({
          topics: [
            {
              topic: batch.topic,
              partitions: [{ partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }],
            },
          ],
        });
      },
      async () => undefined,
    );
  }

  async replayConsumed(
    groupId: string,
    assignment: ReadonlyArray<{ topic: string; partitions: readonly number[] }>,
    handler: (batch: MessageBatch) => Promise<void>,
  ): Promise<{ messages: number }> {
    // Targets: the group's committed offset per partition. The message at committed-1 is always a committed data
    // message (sendOffsets commits the last consumed offset + 1), so a read-committed reader reaches it exactly.
    const admin = this.kafka.admin();
    await admin.connect();
    const remaining = new Map<string, bigint>();
    try {
      for (const { topic, partitions } of assignment) {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        for (const p of committed?.partitions ?? []) {
          const target = BigInt(p.offset);
          if (partitions.includes(p.partition) && target > 0n)
            remaining.set(`${topic}|${p.partition}`, target);
        }
      }
    } finally {
      await admin.disconnect();
    }
    if (remaining.size === 0) return { messages: 0 };
    const topics = [...new Set([...remaining.keys()].map((k) => k.split('|')[0]!))];
    const consumer = this.kafka.consumer({
      groupId: `${groupId}.replay.${process.pid}.${Date.now()}`,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    let messages = 0;
    let finish!: () => void;
    let fail!: (err: unknown) => void;
    const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
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
    processBatch: (batch: MessageBatch, payload: EachBatchPayload) => Promise<void>,
    onStop: () => Promise<void>,
  ): Promise<Subscription> {
    const consumer: Consumer = this.kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      sessionTimeout: 15_000,
      heartbeatInterval: 1_000,
      rebalanceTimeout: 30_000,
      maxWaitTimeInMs: 100,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
    let resolveReady!: () => void;
    const ready = new Promise<void>((resolve) => (resolveReady = resolve));
    // Batches wait until the latest assignment's onAssigned (e.g. a state restore) has finished.
    let assigned: Promise<void> = Promise.resolve();
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      const assignment = Object.entries(event.payload.memberAssignment).map(([topic, partitions]) => ({
        topic,
        partitions,
      }));
      assigned = options.onAssigned ? options.onAssigned(assignment) : Promise.resolve();
      assigned.then(resolveReady, (err: unknown) => this.logger.error({ err }, 'onAssigned failed'));
    });
    await consumer.connect();
    for (const topic of options.topics)
      await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConcurrently ?? 1,
      eachBatch: async (payload) => {
        const { batch } = payload;
        await assigned;
        if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
        const incoming: IncomingMessage[] = batch.messages.map((m) => ({
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
            await processBatch(
              {
                topic: batch.topic,
                partition: batch.partition,
                messages: incoming.slice(i, i + MAX_MESSAGES_PER_TRANSACTION),
              },
              payload,
            );
            await payload.heartbeat();
          }
        } catch (err) {
          this.logger.warn(
            { err, topic: batch.topic, partition: batch.partition, offset: batch.firstOffset() },
            'batch failed; it will be retried',
          );
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
      },
    });
    const subscription: Subscription = {
      ready,
      stop: async () => {
        this.subscriptions.delete(subscription);
        await consumer.disconnect();
        await onStop();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }
}

function toTopicMessages(messages: readonly OutgoingMessage[]) {
  const byTopic = new Map<
    string,
    { key: string | null; value: Buffer; headers?: Record<string, string> }[]
  >();
  for (const m of messages) {
    const list = byTopic.get(m.topic) ?? [];
    list.push({
      key: m.key,
      value: Buffer.from(m.value.buffer, m.value.byteOffset, m.value.byteLength),
      ...(m.headers ? { headers: { ...m.headers } } : {}),
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
