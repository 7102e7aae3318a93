import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/**
 * The raw baseline: a plain kafkajs consume-transform-produce passthrough, exactly once (transactions per batch with
 * sendOffsets, read_committed), from `input` to `output` over the same message bytes. Returns events per second.
 */
export async function rawBaseline(
  brokers: readonly string[],
  input: string,
  output: string,
  values: readonly Buffer[],
): Promise<{ eventsPerSecond: number; seconds: number }> {
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers: [...brokers], logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < values.length; i += 1000) {
    await producer.send({
      topic: input,
      acks: -1,
      messages: values.slice(i, i + 1000).map((value, j) => ({ key: `k${(i + j) % 97}`, value })),
    });
  }
  await producer.disconnect();
  const groupId = `baseline-${randomUUID()}`;
  const tx = new Map<number, ReturnType<Kafka['producer']>>();
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic: input, fromBeginning: true });
  let done = 0;
  let started = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (batch.messages.length === 0) return;
      if (!started) started = Date.now();
      let p = tx.get(batch.partition);
      if (!p) {
        p = kafka.producer({
          transactionalId: `${groupId}.${batch.partition}`,
          idempotent: true,
          maxInFlightRequests: 1,
        });
        await p.connect();
        tx.set(batch.partition, p);
      }
      const t = await p.transaction();
      await t.send({
        topic: output,
        acks: -1,
        messages: batch.messages.map((m) => ({ key: m.key, value: m.value })),
      });
      const last = batch.messages[batch.messages.length - 1]!.offset;
      await t.sendOffsets({
        consumerGroupId: groupId,
        topics: [
          {
            topic: input,
            partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }],
          },
        ],
      });
      await t.commit();
      payload.resolveOffset(last);
      await payload.heartbeat();
      done += batch.messages.length;
      if (done >= values.length) finish();
    },
  });
  await finished;
  const seconds = (Date.now() - started) / 1000;
  await consumer.disconnect();
  for (const p of tx.values()) await p.disconnect();
  return { eventsPerSecond: Math.round(values.length / seconds), seconds };
}
