import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createLogger, type EventBus } from '@sharehub/kit';
import { KafkaEventBus } from '@sharehub/kit/kafka';
import { S3BlobStore } from '@sharehub/kit/s3';
import { blobStoreContract, eventBusContract, waitFor } from '@sharehub/kit/testing';
import { freshTopics, testServers } from '@sharehub/test-support';

// The real adapters pass the same contract suites as the in-memory fakes (services/kit/src/testing).
const logger = createLogger('e2e', { level: 'warn' });
const buses: EventBus[] = [];
afterAll(async () => {
  await Promise.all(buses.map((b) => b.close()));
});

/** The broker's `message.max.bytes` as it is configured (a larger message fails its send). */
async function brokerMaxMessageBytes(kafka: Kafka): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: ConfigResourceTypes.BROKER,
          name: String(brokers[0]!.nodeId),
          configNames: ['message.max.bytes'],
        },
      ],
    });
    return Number(resources[0]!.configEntries.find((e) => e.configName === 'message.max.bytes')!.configValue);
  } finally {
    await admin.disconnect();
  }
}

let maxMessageBytes: Promise<number> | undefined;
eventBusContract('KafkaEventBus on the real broker', async () => {
  const bus = new KafkaEventBus({ brokers: testServers().kafkaBrokers, clientId: 'e2e-contract', logger });
  buses.push(bus);
  maxMessageBytes ??= brokerMaxMessageBytes(bus.client);
  return { bus, topics: (count: number) => freshTopics(count, 3), maxMessageBytes: await maxMessageBytes };
});

blobStoreContract('S3BlobStore on the real S3 server', async () => {
  const store = new S3BlobStore({ bucket: `e2e-${randomUUID()}`, endpoint: testServers().s3Endpoint });
  await store.ensureBucket();
  return store;
});

describe('S3BlobStore server-side encryption on the real S3 server', () => {
  it('requests SSE-S3 on every put when set (the server stores it), and SSE-KMS with the key id given', async () => {
    const bucket = `e2e-sse-${randomUUID()}`;
    const sseS3 = new S3BlobStore({
      bucket,
      endpoint: testServers().s3Endpoint,
      serverSideEncryption: { mode: 'AES256' },
    });
    await sseS3.ensureBucket();
    await sseS3.put('segment', Uint8Array.from([1, 2, 3]));
    const head = await sseS3.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'segment' }));
    expect(head.ServerSideEncryption).toBe('AES256');
    const plain = new S3BlobStore({ bucket, endpoint: testServers().s3Endpoint });
    await plain.put('plain', Uint8Array.from([1]));
    const plainHead = await plain.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'plain' }));
    expect(plainHead.ServerSideEncryption).toBeUndefined();
    // The local server knows no KMS key, so it refuses the key id it was sent: the SSE-KMS headers reach it.
    const kms = new S3BlobStore({
      bucket,
      endpoint: testServers().s3Endpoint,
      serverSideEncryption: { mode: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-2:000000000000:key/not-a-key' },
    });
    await expect(kms.put('kms', Uint8Array.from([1]))).rejects.toMatchObject({
      name: 'KMS.NotFoundException',
    });
    for (const store of [sseS3, plain, kms]) store.s3.destroy();
  });
});

describe('Kafka transactions on the real broker', () => {
  it('hides an aborted transaction from read_committed consumers, and shows a committed one', async () => {
    const [topic] = await freshTopics(1, 1);
    const kafka = new Kafka({
      clientId: 'e2e-tx',
      brokers: testServers().kafkaBrokers,
      logLevel: logLevel.ERROR,
    });
    const producer = kafka.producer({
      transactionalId: `e2e-${randomUUID()}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic: topic!, messages: [{ key: 'k', value: 'aborted' }] });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic: topic!, messages: [{ key: 'k', value: 'committed' }] });
    await committed.commit();
    await producer.disconnect();

    const bus = new KafkaEventBus({ brokers: testServers().kafkaBrokers, clientId: 'e2e-rc', logger });
    buses.push(bus);
    const seen: string[] = [];
    const sub = await bus.consume({ groupId: `rc-${randomUUID()}`, topics: [topic!] }, async (batch) => {
      seen.push(...batch.messages.map((m) => Buffer.from(m.value!).toString()));
      return Promise.resolve();
    });
    await waitFor(() => seen.includes('committed'), 'the committed message');
    await sub.stop();
    expect(seen).toEqual(['committed']);
  });
});

describe('KafkaEventBus batching on the real broker (ADR 0081)', () => {
  it('carries several inputs in one transaction under a trickle of 100 events/s over six partitions', async () => {
    const [input, output] = await freshTopics(2, 6);
    const bus = new KafkaEventBus({ brokers: testServers().kafkaBrokers, clientId: 'e2e-trickle', logger });
    buses.push(bus);
    const outputs: string[] = [];
    const sub = await bus.consumeTransactionally(
      { groupId: `trickle-${randomUUID()}`, topics: [input!] },
      async (batch) => batch.messages.map((m) => ({ topic: output!, key: m.key, value: m.value! })),
    );
    const reader = await bus.consume({ groupId: `tr-${randomUUID()}`, topics: [output!] }, async (batch) => {
      outputs.push(...batch.messages.map((m) => Buffer.from(m.value!).toString()));
      return Promise.resolve();
    });
    await Promise.all([sub.ready, reader.ready]);
    const count = 120;
    for (let i = 0; i < count; i++) {
      await bus.publish([{ topic: input!, key: `household-${i}`, value: new TextEncoder().encode(`e${i}`) }]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await waitFor(() => outputs.length >= count, 'every input transformed', 30_000);
    await sub.stop();
    await reader.stop();
    const { transactions, transactionInputs } = bus.stats();
    expect(new Set(outputs).size).toBe(count);
    expect(transactionInputs).toBe(count);
    // One transaction per input would be 120; a fetch's linger and the commit's own time gather several.
    expect(transactions).toBeLessThanOrEqual(count / 2);
  });
});
