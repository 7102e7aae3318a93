import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';

/** What the hub wrote per event in the direct phase, which the floor reproduces (counts may be fractional). */
export interface HubShape {
  /** Decisions per input event, and their mean size in bytes. */
  readonly decisionsPerEvent: number;
  readonly decisionBytes: number;
  /** Notifications per input event, and their mean size. */
  readonly notificationsPerEvent: number;
  readonly notificationBytes: number;
  /** Audit records per input event, and their mean size. */
  readonly auditRecordsPerEvent: number;
  readonly auditBytes: number;
}

/** The topics of one floor run (created by the caller, with the hub's partition counts). */
export interface FloorTopics {
  readonly input: string;
  readonly decided: string;
  readonly notification: string;
  readonly audit: string;
}

/** Spreads `perItem` outputs over items so that n items get round(n × perItem) in all (a running remainder). */
function spread(perItem: number): () => number {
  let owed = 0;
  return () => {
    owed += perItem;
    const n = Math.floor(owed);
    owed -= n;
    return n;
  };
}

interface Stage {
  readonly groupId: string;
  readonly input: string;
  /** The messages to write for one batch of inputs (values only; each keyed by its input's key). */
  readonly outputs: (key: Buffer | null) => Array<{ topic: string; value: Buffer }>;
}

/**
 * One consume-transform-produce stage, exactly once as the hub's are: read_committed, a transactional producer per
 * input partition, one transaction per fetched batch with its offsets, no transaction for a batch with no outputs.
 */
async function runStage(kafka: Kafka, stage: Stage) {
  const producers = new Map<number, Producer>();
  const consumer = kafka.consumer({ groupId: stage.groupId, readUncommitted: false, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic: stage.input, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (batch.messages.length === 0) return;
      const outputs = batch.messages.flatMap((m) => stage.outputs(m.key).map((o) => ({ ...o, key: m.key })));
      const last = batch.messages[batch.messages.length - 1]!.offset;
      const offsets = {
        consumerGroupId: stage.groupId,
        topics: [
          {
            topic: stage.input,
            partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }],
          },
        ],
      };
      if (outputs.length > 0) {
        let p = producers.get(batch.partition);
        if (!p) {
          p = kafka.producer({
            transactionalId: `${stage.groupId}.${batch.partition}`,
            idempotent: true,
            maxInFlightRequests: 1,
          });
          await p.connect();
          producers.set(batch.partition, p);
        }
        const t = await p.transaction();
        const byTopic = new Map<string, Array<{ key: Buffer | null; value: Buffer }>>();
        for (const o of outputs) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o]);
        await t.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
        await t.sendOffsets(offsets);
        await t.commit();
      } else
        await consumer.commitOffsets(
          offsets.topics[0]!.partitions.map((p) => ({ ...p, topic: stage.input })),
        );
      payload.resolveOffset(last);
      await payload.heartbeat();
    },
  });
  return {
    stop: async () => {
      await consumer.disconnect();
      for (const p of producers.values()) await p.disconnect();
    },
  };
}

/**
 * The same-topology floor (issue 14): raw kafkajs stages in the hub's shape, with none of its logic — the inputs,
 * a first stage writing decisions and audit records (as triage), a second writing notifications and audit records
 * for each decision (as the router), and an audit-like sink reading every audit record, read_committed — with the
 * fan-out and message sizes the hub had per event (`shape`), exactly once. Returns events per second from the first
 * input written to the last audit record read.
 */
export async function sameTopologyFloor(
  brokers: readonly string[],
  topics: FloorTopics,
  inputs: readonly Buffer[],
  shape: HubShape,
): Promise<{ eventsPerSecond: number; seconds: number; auditRecords: number }> {
  const kafka = new Kafka({ clientId: 'bench-floor', brokers: [...brokers], logLevel: logLevel.ERROR });
  const run = randomUUID();
  const bytes = (n: number) => Buffer.alloc(Math.max(1, Math.round(n)), 7);
  const [decision, notification, audit] = [
    shape.decisionBytes,
    shape.notificationBytes,
    shape.auditBytes,
  ].map(bytes);
  // Half the audit records are written with the decisions, half with the notifications (as triage and router do).
  const decisions = spread(shape.decisionsPerEvent);
  const firstAudit = spread(shape.auditRecordsPerEvent / 2);
  const perDecision = (n: number) => (shape.decisionsPerEvent > 0 ? n / shape.decisionsPerEvent : 0);
  const notifications = spread(perDecision(shape.notificationsPerEvent));
  const secondAudit = spread(perDecision(shape.auditRecordsPerEvent / 2));
  const repeat = (n: number, topic: string, value: Buffer) =>
    Array.from({ length: n }, () => ({ topic, value }));
  // How many audit records the stages will write in all (the same running remainders, counted ahead), so the sink
  // knows when it has them all.
  const total = (perItem: number, items: number) => {
    const next = spread(perItem);
    let sum = 0;
    for (let i = 0; i < items; i++) sum += next();
    return sum;
  };
  const expected =
    total(shape.auditRecordsPerEvent / 2, inputs.length) +
    total(perDecision(shape.auditRecordsPerEvent / 2), total(shape.decisionsPerEvent, inputs.length));

  const stages = [
    await runStage(kafka, {
      groupId: `floor-1-${run}`,
      input: topics.input,
      outputs: () => [
        ...repeat(decisions(), topics.decided, decision!),
        ...repeat(firstAudit(), topics.audit, audit!),
      ],
    }),
    await runStage(kafka, {
      groupId: `floor-2-${run}`,
      input: topics.decided,
      outputs: () => [
        ...repeat(notifications(), topics.notification, notification!),
        ...repeat(secondAudit(), topics.audit, audit!),
      ],
    }),
  ];
  let read = 0;
  let lastReadAt = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const sink = kafka.consumer({ groupId: `floor-sink-${run}`, readUncommitted: false, maxWaitTimeInMs: 50 });
  await sink.connect();
  await sink.subscribe({ topic: topics.audit, fromBeginning: true });
  await sink.run({
    eachBatch: async ({ batch }) => {
      read += batch.messages.length;
      lastReadAt = Date.now();
      if (read >= expected) finish();
    },
  });

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const started = Date.now();
  for (let i = 0; i < inputs.length; i += 500)
    await producer.send({
      topic: topics.input,
      acks: -1,
      messages: inputs.slice(i, i + 500).map((value, j) => ({ key: `k${(i + j) % 997}`, value })),
    });
  await producer.disconnect();
  await finished;
  const seconds = (lastReadAt - started) / 1000;
  await sink.disconnect();
  for (const s of stages) await s.stop();
  return { eventsPerSecond: Math.round(inputs.length / seconds), seconds, auditRecords: read };
}
