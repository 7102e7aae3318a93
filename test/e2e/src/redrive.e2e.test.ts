import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REDRIVE_CLI, spawnAuditService, type AuditProcess } from '@sharehub/audit/testing';
import { validExample } from '@sharehub/contracts';
import { createLogger, type IncomingMessage } from '@sharehub/kit';
import { ensureDevKeys, signDevToken } from '@sharehub/kit/auth';
import { KafkaEventBus } from '@sharehub/kit/kafka';
import { waitFor } from '@sharehub/kit/testing';
import { createCodec } from '@sharehub/schemas';
import { Kafka, logLevel } from 'kafkajs';
import { freshTopics, isolatedAuditEnv, testServers } from '@sharehub/test-support';

// The audit service as a process on the real broker: a dead letter on its dead-letter topic is listed to an
// operator, re-driven twice with `npm run -s redrive` (the CLI, through the operator API), and arrives on its original
// topic once, with one REDRIVEN record in the audit log.
const codec = createCodec();
const logger = createLogger('redrive-e2e', { level: 'warn' });
let audit: AuditProcess | undefined;
const buses: KafkaEventBus[] = [];
afterAll(async () => {
  await audit?.stop('SIGKILL');
  for (const b of buses) await b.close();
});

describe('re-driving a dead letter on the real broker', () => {
  it('sends it back to its topic once, however often it is re-driven, with one REDRIVEN record', async () => {
    const [auditTopic, deadLetterTopic, original] = await freshTopics(3, 1, 'redrive-e2e');
    const run = `redrive-${randomUUID().slice(0, 8)}`;
    const dir = mkdtempSync(join(tmpdir(), 'redrive-e2e-'));
    const { jwks } = await ensureDevKeys(dir);
    audit = await spawnAuditService({
      ...isolatedAuditEnv(run, testServers(), jwks),
      AUDIT_TOPIC: auditTopic!,
      AUDIT_DEADLETTER_TOPIC: deadLetterTopic!,
      AUDIT_CHECKPOINT_INTERVAL_MS: '300',
      AUDIT_RETENTION_DAYS: '0',
    });
    const operator = await signDevToken(dir, { role: 'admin', org: 'trafford-ops', areas: ['trafford'] });
    const auditor = await signDevToken(dir, { role: 'auditor', org: 'trafford-ig', areas: ['trafford'] });

    // A dead letter as triage writes one: the incident's bytes, read from `original`, failed there.
    const incident = validExample<'IncidentRecorded'>('incident-trafford').event;
    const bytes = codec.encode('IncidentRecorded', incident);
    const bus = new KafkaEventBus({ brokers: testServers().kafkaBrokers, clientId: 'redrive-e2e', logger });
    buses.push(bus);
    const deadLetterId = `dl-${randomUUID()}`;
    await bus.publish([
      {
        topic: deadLetterTopic!,
        key: original!,
        value: codec.encode('DeadLetter', {
          deadLetterId,
          topic: original!,
          partition: 0,
          offset: 0,
          key: 'household-1',
          originalBytes: Buffer.from(bytes),
          reasonCode: 'RULESET_MISSING',
          reason: 'no ruleset for the area at that date',
          failedAt: '2026-12-01T10:00:00Z',
          consumerGroup: 'triage',
        }),
      },
    ]);

    const list = async () => {
      const res = await fetch(`${audit!.url}/v1/operator/dead-letters?state=all`, {
        headers: { authorization: `Bearer ${operator}` },
      });
      return ((await res.json()) as { deadLetters: Array<{ deadLetterId: string; eventId: string | null }> })
        .deadLetters;
    };
    await waitFor(
      async () => (await list()).some((d) => d.deadLetterId === deadLetterId),
      'the dead letter listed',
      60_000,
    );
    expect((await list()).find((d) => d.deadLetterId === deadLetterId)!.eventId).toBe(incident.eventId);

    const redrive = () =>
      spawnSync(
        process.execPath,
        [
          REDRIVE_CLI,
          '--url',
          audit!.url,
          '--token',
          operator,
          '--id',
          deadLetterId,
          '--reason',
          'ruleset fixed',
        ],
        { encoding: 'utf8' },
      );
    const first = redrive();
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ redriven: [deadLetterId], alreadyRedriven: [] });
    const second = redrive();
    expect(second.status, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ redriven: [], alreadyRedriven: [deadLetterId] });

    // Everything on the original topic, read from the start by a group of its own: the incident, once.
    const seen: IncomingMessage[] = [];
    const sub = await bus.consume({ groupId: `${run}-reader`, topics: [original!] }, async (batch) => {
      seen.push(...batch.messages);
    });
    await sub.ready;
    await waitFor(() => seen.length >= 1, 'the re-driven incident', 60_000);
    const records = async () => {
      const res = await fetch(`${audit!.url}/v1/audit/records?kind=REDRIVEN`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      return ((await res.json()) as { records: Array<{ actor: string; reason: string }> }).records;
    };
    await waitFor(async () => (await records()).length >= 1, 'the REDRIVEN leaf', 60_000);
    // Both re-drives have answered, so whatever they sent is on the topic: its end offset counts every message.
    const admin = new Kafka({ brokers: testServers().kafkaBrokers, logLevel: logLevel.ERROR }).admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(original!);
    await admin.disconnect();
    expect(offsets.map((o) => o.high)).toEqual(['1']);
    await sub.stop();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.key).toBe('household-1');
    expect(codec.decodeAs('IncidentRecorded', seen[0]!.value!).eventId).toBe(incident.eventId);
    expect(seen[0]!.headers['sharehub-redriven-from']).toBe(deadLetterId);
    expect(await records()).toEqual([
      expect.objectContaining({ actor: 'admin:trafford-ops', reason: 'ruleset fixed' }),
    ]);
  }, 240_000);
});
