import type { Kafka } from 'kafkajs';

/** One topic to create: as `contracts/topics.json` declares each of the hub's (its `TopicDeclaration`). */
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
    const created = new Set<string>();
    // A broker just started can answer the leader wait after a create with "does not host this topic-partition"
    // (or LEADER_NOT_AVAILABLE) for a moment: list again and create what is still missing, a few times.
    for (let attempt = 1; ; attempt++) {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t.name));
      try {
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
        for (const t of missing) created.add(t.name);
        return [...created];
      } catch (err) {
        const type = (err as { type?: string }).type;
        if (attempt >= 10 || !type || !TRANSIENT.has(type)) throw err;
        for (const t of missing) created.add(t.name);
        await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** Answers a broker gives while it settles right after start or a create, which clear on their own. */
const TRANSIENT = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_CONTROLLER',
  'REQUEST_TIMED_OUT',
  'TOPIC_ALREADY_EXISTS',
]);
