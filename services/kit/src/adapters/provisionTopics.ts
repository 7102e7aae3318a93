import type { Kafka } from 'kafkajs';

/** One topic as declared in `contracts/topics.json`. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** -1 keeps messages forever. */
  readonly retentionMs: number;
  /** Why the topic keeps its messages that long (documentation; required where it is not the default year). */
  readonly retentionReason?: string;
  readonly cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
  /** What the key holds (documentation; never personal data). */
  readonly key: string;
  /** The Avro event the values carry. */
  readonly value: string;
}

/** Creates the topics that are missing, with their settings; leaves existing ones alone. Idempotent. */
export async function provisionTopics(
  kafka: Kafka,
  topics: readonly TopicSpec[],
  replicationFactor = 1,
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor,
          configEntries: [
            { name: 'retention.ms', value: String(t.retentionMs) },
            { name: 'cleanup.policy', value: t.cleanupPolicy },
            { name: 'min.insync.replicas', value: String(Math.min(2, replicationFactor)) },
          ],
        })),
      });
    }
    return missing.map((t) => t.name);
  } finally {
    await admin.disconnect();
  }
}
