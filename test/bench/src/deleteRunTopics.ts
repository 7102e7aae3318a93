import { Kafka, logLevel } from 'kafkajs';

/**
 * Deletes every topic whose name starts with a run's prefix. Each run provisions a dozen topics of its own; left
 * behind, they pile up partitions on the local broker and slow every later run down.
 */
export async function deleteRunTopics(brokers: readonly string[], prefix: string): Promise<number> {
  const admin = new Kafka({
    clientId: 'bench-cleanup',
    brokers: [...brokers],
    logLevel: logLevel.ERROR,
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}
