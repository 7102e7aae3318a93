import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaEventBus, S3BlobStore, createLogger, type EventBus } from '@sharehub/kit';
import { blobStoreContract, eventBusContract, waitFor } from '@sharehub/kit/testing';
import { freshTopics, testServers } from '@sharehub/test-support';

// The real adapters pass the same contract suites as the in-memory fakes (services/kit/src/testing).
const logger = createLogger('e2e', { level: 'warn' });
const buses: EventBus[] = [];
afterAll(async () => {
  await Promise.all(buses.map((b) => b.close()));
});

eventBusContract('KafkaEventBus on the real broker', async () => {
  const bus = new KafkaEventBus({ brokers: testServers().kafkaBrokers, clientId: 'e2e-contract', logger });
  buses.push(bus);
  return { bus, topics: (count: number) => freshTopics(count, 3) };
});

blobStoreContract('S3BlobStore on the real S3 server', async () => {
  const store = new S3BlobStore({ bucket: `e2e-${randomUUID()}`, endpoint: testServers().s3Endpoint });
  await store.ensureBucket();
  return store;
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
