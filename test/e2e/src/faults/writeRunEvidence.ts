import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { FaultHub } from './faultHub.js';

/**
 * Writes what a fault run leaves behind, for diagnosis: each instance's log lines across its restarts, each listening
 * service's `/metrics`, and each consumer group's state and committed offsets against the topics' ends.
 */
export async function writeRunEvidence(
  hub: FaultHub,
  brokers: readonly string[],
  dir: string,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [key, lines] of hub.logs()) writeFileSync(join(dir, `${key}.log`), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'failed-starts.txt'), hub.failedStarts().join('\n') + '\n');
  for (const [name, url] of [
    ['gateway', hub.gatewayUrl],
    ['audit', hub.auditUrl],
    ['inbox', hub.inboxUrl],
  ] as const) {
    const text = await fetch(`${url}/metrics`)
      .then((r) => r.text())
      .catch((err: unknown) => `unreachable: ${String(err)}`);
    writeFileSync(join(dir, `${name}.metrics.txt`), text);
  }
  const admin = new Kafka({
    clientId: 'fault-evidence',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const { groups } = await admin.listGroups();
    const mine = groups.map((g) => g.groupId).filter((id) => id.endsWith(hub.run) || id.includes(hub.run));
    const described = await admin.describeGroups(mine);
    const lines: string[] = [];
    for (const group of described.groups) {
      lines.push(`group ${group.groupId} state ${group.state} members ${group.members.length}`);
      const offsets = await admin.fetchOffsets({ groupId: group.groupId });
      for (const { topic, partitions } of offsets) {
        const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
        for (const p of partitions)
          lines.push(`  ${topic}[${p.partition}] committed ${p.offset} end ${ends.get(p.partition)}`);
      }
    }
    writeFileSync(join(dir, 'groups.txt'), lines.join('\n') + '\n');
  } catch (err) {
    writeFileSync(join(dir, 'groups.txt'), `unreachable: ${String(err)}\n`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
