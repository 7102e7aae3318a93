import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { provisionTopics, type TopicSpec } from '@sharehub/kit/kafka';

/** The servers the global setup found, read inside a test. */
export function testServers(): { kafkaBrokers: string[]; s3Endpoint: string } {
  const brokers = process.env.KAFKA_BROKERS;
  const s3 = process.env.S3_ENDPOINT;
  if (!brokers || !s3)
    throw new Error(
      'KAFKA_BROKERS / S3_ENDPOINT are not set: run e2e tests with the @sharehub/test-support global setup',
    );
  return { kafkaBrokers: brokers.split(','), s3Endpoint: s3 };
}

/** Creates `count` fresh topics (unique names) for one test, so broker tests never share state. */
export async function freshTopics(count: number, partitions = 1, prefix = 'test'): Promise<string[]> {
  const kafka = new Kafka({
    clientId: 'test-topics',
    brokers: testServers().kafkaBrokers,
    logLevel: logLevel.ERROR,
  });
  const specs: TopicSpec[] = Array.from({ length: count }, (_, i) => ({
    name: `${prefix}.${randomUUID()}.${i}`,
    partitions,
    retentionMs: 3_600_000,
    cleanupPolicy: 'delete',
    key: 'test',
    value: 'bytes',
  }));
  await provisionTopics(kafka, specs);
  return specs.map((s) => s.name);
}
