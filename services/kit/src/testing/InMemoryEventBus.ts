import { OutputRefusedError } from '../errors.js';
import { isolatePoison } from '../ports/isolatePoison.js';
import type {
  ConsumeOptions,
  EventBus,
  EventBusStats,
  IncomingMessage,
  MessageBatch,
  OutgoingMessage,
  ReplayOptions,
  SinkHandler,
  Subscription,
  TransformHandler,
} from '../ports/EventBus.js';

/** The broker's `message.max.bytes` in `infra/kafka/server.properties.template`: the fake refuses what it refuses. */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/**
 * The EventBus fake: topics as in-memory logs with `partitions` partitions each, committed group offsets, and
 * all-or-nothing transactional outputs. A message larger than `maxMessageBytes` fails its publish or transaction
 * (`OutputRefusedError`, MESSAGE_TOO_LARGE) and nothing of it is appended, as the broker does. Held to `eventBusContract` like the Kafka
 * adapter.
 */
export class InMemoryEventBus implements EventBus {
  private readonly logs = new Map<string, IncomingMessage[][]>();
  private readonly committed = new Map<string, number>();
  private readonly wakers = new Set<() => void>();
  private readonly counters = { transactions: 0, transactionInputs: 0, offsetCommits: 0, sinkDeadLetters: 0 };
  healthy = true;

  constructor(
    private readonly partitions = 3,
    private readonly options: { readonly maxMessageBytes?: number } = {},
  ) {}

  /** Every message on a topic, across partitions (test helper). */
  messages(topic: string): IncomingMessage[] {
    return (this.logs.get(topic) ?? []).flat();
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (!this.healthy) throw new Error('broker unavailable');
    this.append(messages);
    return Promise.resolve();
  }

  async consumeTransactionally(options: ConsumeOptions, handler: TransformHandler): Promise<Subscription> {
    const guarded = isolatePoison(options, handler);
    return this.run(options, (batch) =>
      guarded(batch, async (part, { outputs, afterCommit }) => {
        // All outputs and the offset move together: nothing is visible if the handler threw. Like the Kafka
        // adapter, a batch that produced nothing moves its offset without a transaction.
        if (outputs.length === 0) this.counters.offsetCommits++;
        else {
          this.append(outputs);
          this.counters.transactions++;
          this.counters.transactionInputs += part.messages.length;
        }
        afterCommit?.();
      }),
    );
  }

  async consume(options: ConsumeOptions, handler: SinkHandler): Promise<Subscription> {
    const guarded = isolatePoison(options, async (batch) => {
      await handler(batch);
      return [];
    });
    return this.run(options, (batch) =>
      guarded(batch, async (part, { outputs }) => {
        if (outputs.length > 0) {
          this.append(outputs);
          this.counters.sinkDeadLetters += part.messages.length;
        }
      }),
    );
  }

  async latestOffsets(
    topics: readonly string[],
  ): Promise<Array<{ topic: string; partition: number; offset: string }>> {
    return Promise.resolve(
      topics.flatMap((topic) =>
        this.log(topic).map((part, partition) => ({ topic, partition, offset: String(part.length) })),
      ),
    );
  }

  stats(): EventBusStats {
    return { ...this.counters };
  }

  async replayConsumed(
    groupId: string,
    assignment: ReadonlyArray<{ topic: string; partitions: readonly number[] }>,
    handler: (batch: MessageBatch) => Promise<void>,
    options: ReplayOptions = {},
  ): Promise<{ messages: number }> {
    const consumed = (topic: string, partition: number) =>
      this.log(topic)[partition]?.slice(0, this.committed.get(`${groupId}|${topic}|${partition}`) ?? 0) ?? [];
    let since = Number.NEGATIVE_INFINITY;
    if (options.spanMs !== undefined) {
      const newest = Math.max(
        ...assignment.flatMap(({ topic, partitions }) =>
          partitions.map((p) => Number(consumed(topic, p).at(-1)?.timestamp ?? Number.NEGATIVE_INFINITY)),
        ),
      );
      since = newest - options.spanMs;
    }
    let messages = 0;
    for (const { topic, partitions } of assignment) {
      for (const partition of partitions) {
        const all = consumed(topic, partition);
        // Like Kafka's offset for a time: from the first record at or after `since`.
        const from = all.findIndex((m) => Number(m.timestamp) >= since);
        const slice = from < 0 ? [] : all.slice(from);
        if (slice.length > 0) await handler({ topic, partition, messages: slice });
        messages += slice.length;
      }
    }
    return { messages };
  }

  async isHealthy(): Promise<boolean> {
    return Promise.resolve(this.healthy);
  }

  async close(): Promise<void> {
    this.wakers.forEach((wake) => wake());
    return Promise.resolve();
  }

  private append(messages: readonly OutgoingMessage[]): void {
    const max = this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const large = messages.find((m) => m.value.byteLength + (m.key?.length ?? 0) > max);
    if (large)
      throw new OutputRefusedError(
        'MESSAGE_TOO_LARGE',
        `a message to ${large.topic} is larger than ${max} bytes`,
      );
    for (const m of messages) {
      const log = this.log(m.topic);
      const partition = m.key === null ? 0 : hashKey(m.key) % this.partitions;
      const part = log[partition]!;
      part.push({
        topic: m.topic,
        partition,
        offset: String(part.length),
        key: m.key,
        value: new Uint8Array(m.value),
        headers: { ...(m.headers ?? {}) },
        timestamp: m.timestamp ?? String(Date.now()),
      });
    }
    this.wakers.forEach((wake) => wake());
  }

  private log(topic: string): IncomingMessage[][] {
    let log = this.logs.get(topic);
    if (!log) {
      log = Array.from({ length: this.partitions }, () => []);
      this.logs.set(topic, log);
    }
    return log;
  }

  private async run(
    options: ConsumeOptions,
    process: (batch: MessageBatch) => Promise<void>,
  ): Promise<Subscription> {
    let running = true;
    let wake: () => void = () => undefined;
    const waker = () => wake();
    this.wakers.add(waker);
    const assignment = options.topics.map((topic) => ({
      topic,
      partitions: Array.from({ length: this.partitions }, (_, i) => i),
    }));
    const ready = (options.onAssigned ? options.onAssigned(assignment) : Promise.resolve()).then(
      () => undefined,
    );
    if (options.fromBeginning === false) {
      // A new group that does not start from the beginning starts at the end as it is now.
      for (const topic of options.topics) {
        this.log(topic).forEach((part, partition) => {
          const key = `${options.groupId}|${topic}|${partition}`;
          if (!this.committed.has(key)) this.committed.set(key, part.length);
        });
      }
    }
    const loop = async () => {
      await ready;
      while (running) {
        let worked = false;
        for (const topic of options.topics) {
          const log = this.log(topic);
          for (let partition = 0; partition < log.length; partition++) {
            const key = `${options.groupId}|${topic}|${partition}`;
            const from =
              this.committed.get(key) ?? (options.fromBeginning === false ? log[partition]!.length : 0);
            const messages = log[partition]!.slice(from, from + 500);
            if (messages.length === 0) continue;
            try {
              await process({ topic, partition, messages });
              this.committed.set(key, from + messages.length);
            } catch {
              await new Promise((resolve) => setTimeout(resolve, 10)); // redelivered on the next pass
            }
            worked = true;
          }
        }
        if (!worked && running) await new Promise<void>((resolve) => (wake = resolve));
      }
    };
    const done = loop();
    return {
      ready,
      stop: async () => {
        running = false;
        wake();
        this.wakers.delete(waker);
        await done;
      },
    };
  }
}

function hashKey(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(31, h) + key.charCodeAt(i)) | 0;
  return Math.abs(h);
}
