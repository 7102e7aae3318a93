import { Kafka, logLevel } from 'kafkajs';
import { provisionTopics } from '@sharehub/kit/kafka';
import { S3BlobStore } from '@sharehub/kit/s3';
import { AUDIT_BUCKET, loadTopicCatalogue } from '@sharehub/contracts';

/** Creates every topic of the catalogue and the audit bucket (versioned, Object Lock). Idempotent. */
export async function provisionInfra(options: {
  brokers: readonly string[];
  s3Endpoint?: string;
  bucket?: string;
  /** Prefix of every topic name (isolated benchmark runs). */
  topicPrefix?: string;
}): Promise<{ createdTopics: string[] }> {
  const kafka = new Kafka({
    clientId: 'sharehub-provision',
    brokers: [...options.brokers],
    logLevel: logLevel.ERROR,
  });
  const createdTopics = await provisionTopics(
    kafka,
    loadTopicCatalogue().map((t) => ({ ...t, name: `${options.topicPrefix ?? ''}${t.name}` })),
  );
  if (options.s3Endpoint) {
    const store = new S3BlobStore({ bucket: options.bucket ?? AUDIT_BUCKET, endpoint: options.s3Endpoint });
    await store.ensureBucket();
    store.s3.destroy();
  }
  return { createdTopics };
}
