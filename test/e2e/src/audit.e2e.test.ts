import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canonicalRecordJson,
  fromHex,
  leafHash,
  rootOf,
  toHex,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  type AuditRecordJson,
} from '@sharehub/audit-log';
import { makeAuditRecord, runVerify, spawnAuditService, type AuditProcess } from '@sharehub/audit/testing';
import { createLogger } from '@sharehub/kit';
import { ensureDevKeys, SERVICE_AUDIENCES, signDevToken } from '@sharehub/kit/auth';
import { KafkaEventBus } from '@sharehub/kit/kafka';
import { S3BlobStore } from '@sharehub/kit/s3';
import { waitFor } from '@sharehub/kit/testing';
import { createCodec, type AuditRecord } from '@sharehub/schemas';
import { freshTopics, testServers } from '@sharehub/test-support';
import type { JWK } from 'jose';

// The audit service as a process on the real broker, S3 server and embedded PostgreSQL: AuditRecords published to
// a fresh topic are appended, checkpointed in S3 and queryable over HTTP; killed mid-stream, it loses and doubles
// nothing.
const codec = createCodec();
const logger = createLogger('audit-e2e', { level: 'warn' });
const running: AuditProcess[] = [];
const buses: KafkaEventBus[] = [];
afterAll(async () => {
  for (const p of running) await p.stop('SIGKILL');
  for (const b of buses) await b.close();
});

async function setUp(extraEnv: Record<string, string> = {}) {
  const [topic, deadLetters] = await freshTopics(2, 1, 'audit-e2e');
  const dir = mkdtempSync(join(tmpdir(), 'audit-e2e-'));
  const { jwks: authJwks } = await ensureDevKeys(join(dir, 'auth'));
  const bucket = `audit-e2e-${randomUUID()}`;
  const env = {
    KAFKA_BROKERS: testServers().kafkaBrokers.join(','),
    S3_ENDPOINT: testServers().s3Endpoint,
    AUDIT_TOPIC: topic!,
    AUDIT_DEADLETTER_TOPIC: deadLetters!,
    AUDIT_GROUP_ID: `audit-e2e-${randomUUID()}`,
    AUDIT_BUCKET: bucket,
    AUDIT_DATA_DIR: join(dir, 'db'),
    AUDIT_SIGNING_KEY: join(dir, 'keys', 'audit-signing-key.private.jwk.json'),
    AUDIT_JWKS: join(dir, 'keys', 'audit-jwks.json'),
    AUTH_JWKS: authJwks,
    AUDIT_PORT: '0',
    AUDIT_CHECKPOINT_EVERY: '5',
    AUDIT_CHECKPOINT_INTERVAL_MS: '400',
    ...extraEnv,
  };
  const bus = new KafkaEventBus({ brokers: testServers().kafkaBrokers, clientId: 'audit-e2e', logger });
  buses.push(bus);
  const publish = (records: readonly AuditRecord[]) =>
    bus.publish(
      records.map((r) => ({ topic: topic!, key: r.auditId, value: codec.encode('AuditRecord', r) })),
    );
  const auditor = await signDevToken(join(dir, 'auth'), { role: 'auditor', org: 'ig', areas: ['trafford'] });
  const start = async () => {
    const service = await spawnAuditService(env);
    running.push(service);
    await waitFor(
      async () => (await fetch(`${service.url}/readyz`)).status === 200,
      'the service to be ready',
    );
    const get = async <T>(path: string, token = auditor): Promise<{ status: number; body: T }> => {
      const res = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as T };
    };
    return { service, get };
  };
  const blobs = new S3BlobStore({ bucket, endpoint: testServers().s3Endpoint });
  return { env, publish, start, blobs, dir };
}

const records = (n: number, from = 0): AuditRecord[] =>
  Array.from({ length: n }, (_, i) =>
    makeAuditRecord({
      auditId: `e2e-${from + i}`,
      subjectPersonIds: [`child-${(from + i) % 4}`],
      occurredAt: new Date(Date.UTC(2026, 2, 15, 0, from + i)).toISOString(),
    }),
  );
/** The leaf hashes a correct log holds for these records, in order (canonical JSON after the Avro round trip). */
const leafHashesOf = (rs: readonly AuditRecord[]) =>
  rs.map((r) => {
    const plain = JSON.parse(
      JSON.stringify(codec.decodeAs('AuditRecord', codec.encode('AuditRecord', r))),
    ) as AuditRecordJson;
    return leafHash(new TextEncoder().encode(canonicalRecordJson(plain)));
  });

interface Checkpoint {
  size: number;
  rootHash: string;
  jws: string;
}

describe('the audit service on the real broker and S3 server', () => {
  it('appends published AuditRecords, checkpoints them in S3 and serves them with proofs over HTTP', async () => {
    const { publish, start, blobs, env } = await setUp();
    const first = records(12);
    await publish(first);
    const { service, get } = await start();
    await waitFor(
      async () => (await get<Checkpoint>('/v1/audit/checkpoints/latest')).body.size === 12,
      'a checkpoint of all 12 records',
    );
    const segments = await blobs.list('segments/audit/');
    expect(segments).toEqual([
      'segments/audit/000000000000-000000000005.jsonl',
      'segments/audit/000000000005-000000000010.jsonl',
      'segments/audit/000000000010-000000000012.jsonl',
    ]);
    expect((await blobs.retention(segments[0]!))?.mode).toBe('COMPLIANCE');
    expect(await blobs.list('checkpoints/audit/')).toHaveLength(3);

    const jwks = JSON.parse(readFileSync(env.AUDIT_JWKS, 'utf8')) as { keys: JWK[] };
    const latest = (await get<Checkpoint>('/v1/audit/checkpoints/latest')).body;
    const signed = await verifyCheckpoint(latest.jws, jwks);
    expect(signed.rootHash).toBe(toHex(rootOf(leafHashesOf(first))));
    expect((await get<{ keys: JWK[] }>('/v1/audit/checkpoints/keys')).body.keys.map((k) => k.kid)).toEqual([
      signed.kid,
    ]);

    const search = await get<{ records: Array<{ auditId: string; position: { leafIndex: number } }> }>(
      '/v1/audit/records?subject=child-1&limit=2',
    );
    expect(search.body.records.map((r) => `${r.auditId}@${r.position.leafIndex}`)).toEqual([
      'e2e-1@1',
      'e2e-5@5',
    ]);
    const one = await get<{
      record: { position: { leafHash: string } };
      inclusionProof: { leafIndex: number; treeSize: number; auditPath: string[] };
    }>('/v1/audit/records/e2e-7');
    const proof = one.body.inclusionProof;
    expect(
      verifyInclusion(
        proof.leafIndex,
        proof.treeSize,
        fromHex(one.body.record.position.leafHash)!,
        proof.auditPath.map((h) => fromHex(h)!),
        fromHex(signed.rootHash)!,
      ),
    ).toBe(true);
    const consistency = await get<{ from: Checkpoint; to: Checkpoint; proof: string[] }>(
      '/v1/audit/consistency?from=5&to=12',
    );
    expect(
      verifyConsistency(
        5,
        12,
        fromHex(consistency.body.from.rootHash)!,
        fromHex(consistency.body.to.rootHash)!,
        consistency.body.proof.map((h) => fromHex(h)!),
      ),
    ).toBe(true);

    const recipient = await signDevToken(join(env.AUTH_JWKS, '..'), {
      role: 'recipient',
      org: 'tr-first-response',
      areas: ['trafford'],
      audience: SERVICE_AUDIENCES.audit,
    });
    expect((await get('/v1/audit/records', recipient)).status).toBe(403);
    const csv = await fetch(`${service.url}/v1/audit/subject-access/child-2?format=csv`, {
      headers: {
        authorization: `Bearer ${await signDevToken(join(env.AUTH_JWKS, '..'), { role: 'auditor', org: 'ig', areas: ['trafford'] })}`,
      },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    // The header, the SCOPE row (which areas the export covers), then the three records.
    expect((await csv.text()).trimEnd().split('\r\n')).toHaveLength(1 + 1 + 3);

    expect(await service.stop('SIGTERM')).toBe(0);
    const verified = await runVerify({ ...env, LOG_LEVEL: 'silent' });
    expect(verified.report?.problems).toEqual([]);
    expect(verified.code).toBe(0);
  });

  it('the audit service SIGKILLed mid-stream and started again loses and duplicates nothing (leaf indexes stay dense and the root matches a recomputation)', async () => {
    const { publish, start, env } = await setUp({
      AUDIT_CHECKPOINT_EVERY: '7',
      AUDIT_CHECKPOINT_INTERVAL_MS: '60000',
    });
    const all = records(60);
    await publish(all.slice(0, 20));
    const first = await start();
    await waitFor(
      async () => first.service.lines.some((l) => l.msg === 'checkpoint signed'),
      'a first checkpoint',
    );
    await publish(all.slice(20, 40));
    // Killed without warning, mid-stream: leaves past its last checkpoint are only in the index, and the offsets of
    // its last batches may not be committed.
    expect(await first.service.stop('SIGKILL')).toBeNull();
    await publish([...all.slice(40), ...all.slice(10, 15)]); // and some producers retry
    const second = await start();
    await waitFor(
      async () =>
        (await second.get<{ records: unknown[] }>('/v1/audit/records?limit=500')).body.records.length === 60,
      'all 60 records',
    );
    expect(await second.service.stop('SIGTERM')).toBe(0); // the final checkpoint covers every leaf
    const third = await start();
    // Every auditor read is itself audited (ACCESS_GRANTED, ADR 0092), so the reads above may have added leaves
    // after the 60 records; they are listed too, after them.
    type Listed = AuditRecord & { position: { leafIndex: number; leafHash: string } };
    const listed = (await third.get<{ records: Listed[] }>('/v1/audit/records?limit=500')).body.records;
    expect(listed.map((r) => r.position.leafIndex)).toEqual(listed.map((_, i) => i));
    const seeded = listed.filter((r) => r.kind !== 'ACCESS_GRANTED');
    expect(seeded.map((r) => r.position.leafIndex)).toEqual(all.map((_, i) => i));
    expect(new Set(seeded.map((r) => r.auditId)).size).toBe(60);
    const byLeaf = seeded.map((r) => all.find((a) => a.auditId === r.auditId)!);
    expect(seeded.map((r) => r.position.leafHash)).toEqual(leafHashesOf(byLeaf).map(toHex));
    const latest = (await third.get<Checkpoint>('/v1/audit/checkpoints/latest')).body;
    expect(latest.size).toBeGreaterThanOrEqual(60);
    expect(latest.rootHash).toBe(
      toHex(
        rootOf(
          listed.slice(0, latest.size).map((r) => Uint8Array.from(Buffer.from(r.position.leafHash, 'hex'))),
        ),
      ),
    );
    expect(await third.service.stop('SIGTERM')).toBe(0);
    const verified = await runVerify({ ...env, LOG_LEVEL: 'silent' });
    expect(verified.report?.problems).toEqual([]);
    expect(verified.code).toBe(0);
  });
});
