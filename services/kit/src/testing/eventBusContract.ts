import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EventBus, IncomingMessage, MessageBatch } from '../ports/EventBus.js';
import { waitFor } from './waitFor.js';

/** A bus and fresh topic names for one contract test. */
export interface EventBusFixture {
  readonly bus: EventBus;
  /** Creates topics (fresh names) and returns them. */
  readonly topics: (count: number) => Promise<string[]>;
  /** The largest message the bus takes (Kafka: the broker's `message.max.bytes`); a larger one fails its send. */
  readonly maxMessageBytes: number;
}

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (m: IncomingMessage) => (m.value ? new TextDecoder().decode(m.value) : '');

/** A consumer of `topics` from the start that keeps each message's text, per topic. */
async function readTopics(bus: EventBus, topics: readonly string[]) {
  const seen = new Map<string, string[]>(topics.map((t) => [t, []]));
  const sub = await bus.consume({ groupId: `r-${randomUUID()}`, topics: [...topics] }, async (batch) => {
    seen.get(batch.topic)?.push(...batch.messages.map(text));
    return Promise.resolve();
  });
  return { of: (topic: string) => seen.get(topic)!, stop: () => sub.stop() };
}

/** The behaviour every EventBus must have; run against the fake and against the real broker. */
export function eventBusContract(name: string, makeFixture: () => Promise<EventBusFixture>): void {
  describe(`EventBus contract: ${name}`, () => {
    it('delivers published messages to a consumer, in order per key', async () => {
      const { bus, topics } = await makeFixture();
      const [topic] = await topics(1);
      await bus.publish(['1', '2', '3'].map((v) => ({ topic: topic!, key: 'household-a', value: bytes(v) })));
      const seen: string[] = [];
      const sub = await bus.consume({ groupId: `g-${randomUUID()}`, topics: [topic!] }, async (batch) => {
        seen.push(...batch.messages.map(text));
        return Promise.resolve();
      });
      await waitFor(() => seen.length === 3, 'three messages consumed');
      expect(seen).toEqual(['1', '2', '3']);
      await sub.stop();
    });

    it('commits transform outputs exactly once, and none of a failed attempt', async () => {
      const { bus, topics } = await makeFixture();
      const [input, output] = await topics(2);
      await bus.publish(['a', 'b', 'c', 'd'].map((v) => ({ topic: input!, key: 'k', value: bytes(v) })));
      let failOnce = true;
      let committedBatches = 0;
      const groupId = `t-${randomUUID()}`;
      const upperCase = async (batch: MessageBatch) => {
        const outputs = batch.messages.map((m) => ({
          topic: output!,
          key: m.key,
          value: bytes(text(m).toUpperCase()),
        }));
        if (failOnce) {
          failOnce = false;
          throw new Error('simulated failure before commit');
        }
        return Promise.resolve({ outputs, afterCommit: () => (committedBatches += 1) });
      };
      const sub = await bus.consumeTransactionally({ groupId, topics: [input!] }, upperCase);
      const out: string[] = [];
      const reader = await bus.consume({ groupId: `r-${randomUUID()}`, topics: [output!] }, async (batch) => {
        out.push(...batch.messages.map(text));
        return Promise.resolve();
      });
      await waitFor(() => out.length >= 4, 'four outputs');
      await sub.stop();
      // Restarting the same transformer (same group, same input) must not produce again what was committed: it
      // resumes after its committed offsets, so the next output is the new input's, with nothing before it.
      const again = await bus.consumeTransactionally({ groupId, topics: [input!] }, upperCase);
      await again.ready;
      await bus.publish([{ topic: input!, key: 'k', value: bytes('e') }]);
      await waitFor(() => out.includes('E'), "the restarted transformer's output");
      await again.stop();
      expect(out).toEqual(['A', 'B', 'C', 'D', 'E']);
      expect(committedBatches).toBeGreaterThanOrEqual(2); // afterCommit ran for committed batches only
      expect(committedBatches).toBeLessThanOrEqual(5);
      await reader.stop();
    });

    it('aborts an attempt that fails after producing: none of its outputs is read committed, its input offset is not committed, and the input comes again', async () => {
      const { bus, topics, maxMessageBytes } = await makeFixture();
      const [input, output] = await topics(2);
      await bus.publish([{ topic: input!, key: 'k', value: bytes('a') }]);
      const groupId = `abort-${randomUUID()}`;
      const all = [0, 1, 2];
      const committedInputs = async () =>
        (await bus.replayConsumed(groupId, [{ topic: input!, partitions: all }], async () => undefined))
          .messages;
      const attempts: string[] = [];
      const committedBeforeRetry: number[] = [];
      const sub = await bus.consumeTransactionally({ groupId, topics: [input!] }, async (batch) => {
        attempts.push(batch.messages.map((m) => `${m.partition}/${m.offset}`).join(','));
        if (attempts.length > 1) committedBeforeRetry.push(await committedInputs());
        // Each attempt's output names the attempt. The first attempt's second output is larger than the bus takes:
        // its first output is produced (on Kafka, into the open transaction), then the send of the second fails.
        return batch.messages.flatMap((m) => [
          { topic: output!, key: m.key, value: bytes(`${text(m)}@${attempts.length}`) },
          ...(attempts.length === 1
            ? [{ topic: output!, key: m.key, value: new Uint8Array(maxMessageBytes + 1024) }]
            : []),
        ]);
      });
      const out: string[] = [];
      const reader = await bus.consume({ groupId: `r-${randomUUID()}`, topics: [output!] }, async (batch) => {
        out.push(
          ...batch.messages.map((m) => (m.value && m.value.byteLength > 64 ? 'the large output' : text(m))),
        );
        return Promise.resolve();
      });
      await waitFor(() => out.length >= 1, "the retried attempt's output", 60_000);
      await sub.stop();
      // The same input came again; before the retry its offset was not committed; the aborted attempt's output,
      // which comes first in the same partition, was never read (the reader reads committed only).
      expect(attempts).toHaveLength(2);
      expect(attempts[1]).toBe(attempts[0]);
      expect(committedBeforeRetry).toEqual([0]);
      expect(out).toEqual(['a@2']);
      // The successful attempt committed the input's offset with its output.
      expect(await committedInputs()).toBe(1);
      await reader.stop();
    });

    it('dead-letters a message its transform fails on every attempt and moves on; a failure that passes is retried', async () => {
      const { bus, topics } = await makeFixture();
      const [input, output, dead] = await topics(3);
      await bus.publish(['a', 'POISON', 'c'].map((v) => ({ topic: input!, key: 'k', value: bytes(v) })));
      let transient = 2; // the first two attempts fail as if a store were away
      const sub = await bus.consumeTransactionally(
        {
          groupId: `p-${randomUUID()}`,
          topics: [input!],
          deadLetter: (m, why) => [{ topic: dead!, key: m.key, value: bytes(`${text(m)}:${why.code}`) }],
        },
        async (batch) => {
          if (transient-- > 0) throw new Error('store unavailable');
          if (batch.messages.some((m) => text(m) === 'POISON')) throw new Error('cannot handle this record');
          return batch.messages.map((m) => ({
            topic: output!,
            key: m.key,
            value: bytes(text(m).toUpperCase()),
          }));
        },
      );
      const reader = await readTopics(bus, [output!, dead!]);
      const out = reader.of(output!);
      const letters = reader.of(dead!);
      await waitFor(
        () => out.length >= 2 && letters.length >= 1,
        'the good records transformed, the bad one dead-lettered',
        30_000,
      );
      await bus.publish([{ topic: input!, key: 'k', value: bytes('d') }]);
      await waitFor(() => out.length >= 3, 'the partition moved on');
      await sub.stop();
      await reader.stop();
      expect(out).toEqual(['A', 'C', 'D']);
      expect(letters).toEqual(['POISON:PROCESSING_FAILED']);
    });

    it('an input whose output is refused for good is dead-lettered and the partition moves on (the inputs behind it are processed)', async () => {
      const { bus, topics, maxMessageBytes } = await makeFixture();
      const [input, output, dead] = await topics(3);
      // Inputs on two keys (so, on Kafka, possibly two partitions in one transaction): only BIG's output is refused.
      await bus.publish(
        ['a', 'BIG', 'c', 'x', 'y'].map((v) => ({
          topic: input!,
          key: v < 'x' ? 'k' : 'other',
          value: bytes(v),
        })),
      );
      const reasons: string[] = [];
      const sub = await bus.consumeTransactionally(
        {
          groupId: `refused-${randomUUID()}`,
          topics: [input!],
          deadLetter: (m, why) => {
            reasons.push(why.reason);
            return [{ topic: dead!, key: m.key, value: bytes(`${text(m)}:${why.code}`) }];
          },
        },
        async (batch) =>
          Promise.resolve(
            batch.messages.map((m) => ({
              topic: output!,
              key: m.key,
              value:
                text(m) === 'BIG' ? new Uint8Array(maxMessageBytes + 1024) : bytes(text(m).toUpperCase()),
            })),
          ),
      );
      const reader = await readTopics(bus, [output!, dead!]);
      const out = reader.of(output!);
      const letters = reader.of(dead!);
      await waitFor(
        () => out.length >= 4 && letters.length >= 1,
        'the others transformed, BIG dead-lettered',
        60_000,
      );
      await bus.publish([{ topic: input!, key: 'k', value: bytes('d') }]);
      await waitFor(() => out.includes('D'), 'the partition moved on', 30_000);
      await sub.stop();
      await reader.stop();
      expect(out.filter((v) => v !== 'X' && v !== 'Y')).toEqual(['A', 'C', 'D']);
      expect(out.filter((v) => v === 'X' || v === 'Y')).toEqual(['X', 'Y']);
      expect(letters).toEqual(['BIG:OUTPUT_REFUSED']);
      expect(reasons[0]).toMatch(/MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE/);
    });

    it('commits the offsets of batches that produce nothing without a transaction, so a restart resumes after them', async () => {
      const { bus, topics } = await makeFixture();
      const [input, output] = await topics(2);
      await bus.publish(['a', 'b', 'c'].map((v) => ({ topic: input!, key: v, value: bytes(v) })));
      const groupId = `e-${randomUUID()}`;
      const before = bus.stats();
      const seen: string[] = [];
      const sub = await bus.consumeTransactionally({ groupId, topics: [input!] }, async (batch) => {
        seen.push(...batch.messages.map(text));
        return Promise.resolve([]);
      });
      await waitFor(() => seen.length === 3, 'three consumed');
      await waitFor(() => bus.stats().offsetCommits > before.offsetCommits, 'their offsets committed');
      await sub.stop();
      expect(bus.stats().transactions).toBe(before.transactions);
      // The same group restarted sees only what came after: the offsets were committed.
      const again: string[] = [];
      const sub2 = await bus.consumeTransactionally({ groupId, topics: [input!] }, async (batch) => {
        again.push(...batch.messages.map(text));
        return batch.messages.map((m) => ({ topic: output!, key: m.key, value: m.value! }));
      });
      await sub2.ready;
      await bus.publish([{ topic: input!, key: 'd', value: bytes('d') }]);
      await waitFor(() => again.includes('d'), 'the new input');
      await sub2.stop();
      expect(again).toEqual(['d']);
      expect(bus.stats().transactions).toBe(before.transactions + 1);
      expect(bus.stats().transactionInputs).toBe(before.transactionInputs + 1);
    });

    it('dead-letters a message a sink handler fails on every attempt, counts it and moves on', async () => {
      const { bus, topics } = await makeFixture();
      const [input, dead] = await topics(2);
      await bus.publish(['a', 'POISON', 'c'].map((v) => ({ topic: input!, key: 'k', value: bytes(v) })));
      const before = bus.stats().sinkDeadLetters;
      const handled = new Set<string>();
      const sub = await bus.consume(
        {
          groupId: `s-${randomUUID()}`,
          topics: [input!],
          deadLetter: (m, why) => [{ topic: dead!, key: m.key, value: bytes(`${text(m)}:${why.code}`) }],
        },
        async (batch) => {
          if (batch.messages.some((m) => text(m) === 'POISON')) throw new Error('cannot store this record');
          batch.messages.forEach((m) => handled.add(text(m)));
          return Promise.resolve();
        },
      );
      const reader = await readTopics(bus, [dead!]);
      const letters = reader.of(dead!);
      await waitFor(() => handled.has('c') && letters.length >= 1, 'the bad record set aside', 30_000);
      await bus.publish([{ topic: input!, key: 'k', value: bytes('d') }]);
      await waitFor(() => handled.has('d'), 'the partition moved on');
      await sub.stop();
      await reader.stop();
      expect([...handled].sort()).toEqual(['a', 'c', 'd']);
      expect(letters).toEqual(['POISON:PROCESSING_FAILED']);
      expect(bus.stats().sinkDeadLetters).toBe(before + 1);
    });

    it('dead-letters a message whose sink publishes what the bus refuses for good (OUTPUT_REFUSED), and moves on', async () => {
      const { bus, topics, maxMessageBytes } = await makeFixture();
      const [input, forward, dead] = await topics(3);
      await bus.publish(['a', 'BIG', 'c'].map((v) => ({ topic: input!, key: 'k', value: bytes(v) })));
      const sub = await bus.consume(
        {
          groupId: `sr-${randomUUID()}`,
          topics: [input!],
          deadLetter: (m, why) => [{ topic: dead!, key: m.key, value: bytes(`${text(m)}:${why.code}`) }],
        },
        async (batch) =>
          bus.publish(
            batch.messages.map((m) => ({
              topic: forward!,
              key: m.key,
              value: text(m) === 'BIG' ? new Uint8Array(maxMessageBytes + 1024) : m.value!,
            })),
          ),
      );
      const reader = await readTopics(bus, [forward!, dead!]);
      const forwarded = reader.of(forward!);
      const letters = reader.of(dead!);
      await waitFor(
        () => forwarded.includes('c') && letters.length >= 1,
        'BIG set aside, c forwarded',
        60_000,
      );
      await sub.stop();
      await reader.stop();
      expect(letters).toEqual(['BIG:OUTPUT_REFUSED']);
      expect(forwarded.filter((v) => v === 'c')).toHaveLength(1);
    });

    it('resumes a group from its committed offset', async () => {
      const { bus, topics } = await makeFixture();
      const [topic] = await topics(1);
      const groupId = `g-${randomUUID()}`;
      await bus.publish([{ topic: topic!, key: 'k', value: bytes('first') }]);
      const first: string[] = [];
      const sub1 = await bus.consume({ groupId, topics: [topic!] }, async (b) => {
        first.push(...b.messages.map(text));
        return Promise.resolve();
      });
      await waitFor(() => first.length === 1, 'first message');
      await sub1.stop();
      await bus.publish([{ topic: topic!, key: 'k', value: bytes('second') }]);
      const second: string[] = [];
      const sub2 = await bus.consume({ groupId, topics: [topic!] }, async (b) => {
        second.push(...b.messages.map(text));
        return Promise.resolve();
      });
      await waitFor(() => second.length === 1, 'second message');
      expect(second).toEqual(['second']);
      await sub2.stop();
    });

    it('replays only the span of time asked for, back from the newest record consumed (ADR 0082)', async () => {
      const { bus, topics } = await makeFixture();
      const [input] = await topics(1);
      const now = Date.now();
      const DAY = 86_400_000;
      // 30 records of 400 days ago, then 5 recent ones: a replay of the last 30 days reads the 5 (on every partition).
      const old = Array.from({ length: 30 }, (_, n) => ({
        topic: input!,
        key: `k${n % 3}`,
        value: bytes(`old${n}`),
        timestamp: String(now - 400 * DAY + n),
      }));
      const recent = Array.from({ length: 5 }, (_, n) => ({
        topic: input!,
        key: `k${n % 3}`,
        value: bytes(`new${n}`),
        timestamp: String(now - DAY + n),
      }));
      await bus.publish(old);
      await bus.publish(recent);
      const groupId = `t-${randomUUID()}`;
      let consumed = 0;
      const sub = await bus.consumeTransactionally({ groupId, topics: [input!] }, async (batch) => {
        consumed += batch.messages.length;
        return Promise.resolve([]);
      });
      await waitFor(() => consumed === 35, 'all consumed');
      await sub.stop();
      const all = [0, 1, 2];
      const replayed: string[] = [];
      const { messages } = await bus.replayConsumed(
        groupId,
        [{ topic: input!, partitions: all }],
        async (b) => {
          replayed.push(...b.messages.map(text));
          return Promise.resolve();
        },
        { spanMs: 30 * DAY },
      );
      expect(messages).toBe(5);
      expect(replayed.sort()).toEqual(['new0', 'new1', 'new2', 'new3', 'new4']);
      const everything = await bus.replayConsumed(groupId, [{ topic: input!, partitions: all }], async () =>
        Promise.resolve(),
      );
      expect(everything.messages).toBe(35);
    });

    it('replays what a group already consumed, up to its committed offsets, including topics written in transactions', async () => {
      const { bus, topics } = await makeFixture();
      const [input, output] = await topics(2);
      await bus.publish(['a', 'b', 'c'].map((v) => ({ topic: input!, key: 'k', value: bytes(v) })));
      const transformGroup = `t-${randomUUID()}`;
      const seen: string[] = [];
      const sub = await bus.consumeTransactionally(
        { groupId: transformGroup, topics: [input!] },
        async (batch) => {
          seen.push(...batch.messages.map(text));
          return batch.messages.map((m) => ({ topic: output!, key: m.key, value: bytes(`${text(m)}!`) }));
        },
      );
      await waitFor(() => seen.length === 3, 'three transformed');
      await sub.stop();
      // A second group consumes the transactional output (with its commit markers), then both are replayed.
      const readerGroup = `r-${randomUUID()}`;
      const read: string[] = [];
      const reader = await bus.consumeTransactionally(
        { groupId: readerGroup, topics: [output!] },
        async (batch) => {
          read.push(...batch.messages.map(text));
          return [];
        },
      );
      await waitFor(() => read.length === 3, 'three read');
      await reader.stop();
      await bus.publish([{ topic: input!, key: 'k', value: bytes('not consumed yet') }]);
      const all = [0, 1, 2];
      const replayedInput: string[] = [];
      await bus.replayConsumed(transformGroup, [{ topic: input!, partitions: all }], async (b) => {
        replayedInput.push(...b.messages.map(text));
      });
      expect(replayedInput).toEqual(['a', 'b', 'c']);
      const replayedOutput: string[] = [];
      const { messages } = await bus.replayConsumed(
        readerGroup,
        [{ topic: output!, partitions: all }],
        async (b) => {
          replayedOutput.push(...b.messages.map(text));
        },
      );
      expect(replayedOutput).toEqual(['a!', 'b!', 'c!']);
      expect(messages).toBe(3);
      const nothing = await bus.replayConsumed(
        `never-${randomUUID()}`,
        [{ topic: input!, partitions: all }],
        async () => undefined,
      );
      expect(nothing.messages).toBe(0);
    });
  });
}
