import { deadLetterAuditIdOf } from '@sharehub/decision-events';
import { describe, expect, it } from 'vitest';
import {
  canonicalRecordJson,
  leafHash,
  rootOf,
  toHex,
  verifyLog,
  type AuditRecordJson,
} from '@sharehub/audit-log';
import { type BlobStore } from '@sharehub/kit';
import { PGliteDatabase } from '@sharehub/kit/sql';
import { InMemoryBlobStore, InMemoryEventBus, waitFor } from '@sharehub/kit/testing';
import type { AuditRecord } from '@sharehub/schemas';
import type { AuditIndex } from '../index/AuditIndex.js';
import { InMemoryAuditIndex } from '../index/InMemoryAuditIndex.js';
import { SqlAuditIndex } from '../index/SqlAuditIndex.js';
import { verifyAudit } from '../verify/verifyAudit.js';
import { makeAuditRecord } from '../testing/makeAuditRecord.js';
import { auditBatch, makeSequencer, silentLogger, testCodec } from '../testing/sequencerHarness.js';
import { startSequencing } from '../startSequencing.js';
import type { AuditSequencer } from './AuditSequencer.js';

const records = (n: number, prefix = 'r'): AuditRecord[] =>
  Array.from({ length: n }, (_, i) =>
    makeAuditRecord({
      auditId: `${prefix}-${i}`,
      notificationId: `n-${i}`,
      subjectPersonIds: [`p-${i % 3}`],
    }),
  );
const encoder = new TextEncoder();
/** The record as the consumer sees it after the Avro round trip (instants in the codec's printed form). */
const decoded = (r: AuditRecord): unknown =>
  JSON.parse(JSON.stringify(testCodec.decodeAs('AuditRecord', testCodec.encode('AuditRecord', r))));
const canonical = (r: AuditRecord) => canonicalRecordJson(decoded(r) as AuditRecordJson);
const rootOfRecords = (rs: readonly AuditRecord[]) =>
  toHex(rootOf(rs.map((r) => leafHash(encoder.encode(canonical(r))))));

async function objects(blobs: InMemoryBlobStore, prefixes = ['segments/', 'checkpoints/']) {
  const out: Record<string, string> = {};
  for (const prefix of prefixes)
    for (const key of await blobs.list(prefix))
      out[key] = Buffer.from((await blobs.get(key))!).toString('base64');
  return out;
}

describe('AuditSequencer over the real Merkle log writer', () => {
  it('appends each record as the next leaf over its canonical JSON and indexes it', async () => {
    const index = new InMemoryAuditIndex();
    const { sequencer } = await makeSequencer({
      blobs: new InMemoryBlobStore(),
      index,
      checkpointEvery: 100,
    });
    const batch = records(4);
    expect(await sequencer.handleBatch(auditBatch(batch))).toMatchObject({
      appended: 4,
      duplicates: 0,
      checkpoints: [],
    });
    const rows = await index.range(0, 10);
    expect(rows.map((r) => [r.leafIndex, r.auditId])).toEqual(batch.map((r, i) => [i, r.auditId]));
    rows.forEach((row, i) => {
      expect(row.recordJson).toBe(canonical(batch[i]!));
      expect(row.leafHash).toBe(toHex(leafHash(encoder.encode(row.recordJson))));
    });
    expect(sequencer.rootAt(4)).toBe(rootOfRecords(batch));
  });

  it('signs a checkpoint every N leaves, and after T seconds for the rest, never an empty one', async () => {
    const blobs = new InMemoryBlobStore();
    const { sequencer, clock } = await makeSequencer({
      blobs,
      index: new InMemoryAuditIndex(),
      checkpointEvery: 3,
      checkpointSeconds: 5,
    });
    const all = records(7);
    const sizes: number[][] = [];
    for (const [i, record] of all.entries())
      sizes.push((await sequencer.handleBatch(auditBatch([record], i))).checkpoints.map((c) => c.size));
    // The cut due after a batch is written while the next one is sequenced, and reported by it.
    expect(sizes).toEqual([[], [], [], [3], [], [], [6]]);
    expect(await sequencer.tick()).toEqual([]);
    clock.advance(4_999);
    expect(await sequencer.tick()).toEqual([]);
    clock.advance(1);
    expect((await sequencer.tick()).map((c) => c.size)).toEqual([7]);
    clock.advance(60_000);
    expect(await sequencer.tick()).toEqual([]);
    expect(sequencer.lastCheckpoint()?.size).toBe(7);
    expect(await blobs.list('segments/audit/')).toEqual([
      'segments/audit/000000000000-000000000003.jsonl',
      'segments/audit/000000000003-000000000006.jsonl',
      'segments/audit/000000000006-000000000007.jsonl',
    ]);
    expect(await blobs.list('checkpoints/audit/')).toHaveLength(3);
  });

  it('writes segments and checkpoints with Object Lock retention when configured', async () => {
    const blobs = new InMemoryBlobStore();
    const { sequencer } = await makeSequencer({ blobs, index: new InMemoryAuditIndex(), checkpointEvery: 2 });
    const retainUntil = new Date('2033-03-15T00:00:00Z');
    (sequencer as unknown as { deps: { log: { retainUntil: () => Date } } }).deps.log.retainUntil = () =>
      retainUntil;
    await sequencer.handleBatch(auditBatch(records(2)));
    for (const key of [...(await blobs.list('segments/')), ...(await blobs.list('checkpoints/'))])
      expect((await blobs.retention(key))?.retainUntil).toEqual(retainUntil);
  });

  it('skips a record it already holds (same auditId), in the same batch or a replay', async () => {
    const index = new InMemoryAuditIndex();
    const { sequencer } = await makeSequencer({ blobs: new InMemoryBlobStore(), index });
    const batch = records(3);
    expect(await sequencer.handleBatch(auditBatch([...batch, batch[0]!]))).toMatchObject({
      appended: 3,
      duplicates: 1,
    });
    expect(await sequencer.handleBatch(auditBatch(batch))).toMatchObject({ appended: 0, duplicates: 3 });
    expect(await index.size()).toBe(3);
    expect(sequencer.size()).toBe(3);
  });

  it('replays idempotently: the same records give the same objects, byte for byte, and a replay writes nothing', async () => {
    const all = records(10);
    const run = async (blobs: InMemoryBlobStore, index: AuditIndex) => {
      const { sequencer } = await makeSequencer({ blobs, index, checkpointEvery: 4 });
      for (let i = 0; i < all.length; i += 3) await sequencer.handleBatch(auditBatch(all.slice(i, i + 3), i));
      await sequencer.flush();
      return sequencer;
    };
    const first = new InMemoryBlobStore();
    const second = new InMemoryBlobStore();
    await run(first, new InMemoryAuditIndex());
    await run(second, new InMemoryAuditIndex());
    expect(await objects(second)).toEqual(await objects(first));
    // A replay of the whole topic into the same store, with an index that was lost: the index is refilled from
    // the segments, every record is a duplicate, and no object gets a new version.
    const before = await objects(first);
    const index = new InMemoryAuditIndex();
    const { sequencer } = await makeSequencer({ blobs: first, index, checkpointEvery: 4 });
    expect(await sequencer.handleBatch(auditBatch(all))).toMatchObject({ appended: 0, duplicates: 10 });
    await sequencer.flush();
    expect(await objects(first)).toEqual(before);
    expect((await index.range(0, 20)).map((r) => r.auditId)).toEqual(all.map((r) => r.auditId));
  });

  it('audits an undecodable message as a DEAD_LETTERED leaf, once, and dead-letters its bytes', async () => {
    const index = new InMemoryAuditIndex();
    const bus = new InMemoryEventBus(1);
    const { sequencer } = await makeSequencer({
      blobs: new InMemoryBlobStore(),
      index,
      deadLetter: { bus, topic: 'deadletter', groupId: 'audit' },
    });
    const batch = auditBatch(records(2));
    const broken = {
      ...batch,
      messages: [batch.messages[0]!, { ...batch.messages[1]!, value: new Uint8Array([1, 2, 3]) }],
    };
    expect(await sequencer.handleBatch(broken)).toMatchObject({ appended: 2, deadLettered: 1 });
    expect(await sequencer.handleBatch(broken)).toMatchObject({
      appended: 0,
      duplicates: 2,
      deadLettered: 0,
    });
    const [, dead] = await index.range(0, 2);
    // The one dead-letter id scheme of the hub (decision-events' deadLetterOf), for the audit service's group.
    expect(dead).toMatchObject({
      kind: 'DEAD_LETTERED',
      auditId: deadLetterAuditIdOf(broken.messages[1]!, 'audit'),
    });
    const letters = bus.messages('deadletter').map((m) => testCodec.decodeAs('DeadLetter', m.value!));
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ reasonCode: 'TRUNCATED', offset: 1, consumerGroup: 'audit' });
    expect([...letters[0]!.originalBytes]).toEqual([1, 2, 3]);
  });

  it('refuses another record under a taken audit id (in the log or earlier in the batch): dead-lettered and audited, once', async () => {
    const index = new InMemoryAuditIndex();
    const bus = new InMemoryEventBus(1);
    const { sequencer } = await makeSequencer({
      blobs: new InMemoryBlobStore(),
      index,
      deadLetter: { bus, topic: 'deadletter', groupId: 'audit' },
    });
    const original = makeAuditRecord({ auditId: 'taken' });
    await sequencer.handleBatch(auditBatch([original]));
    const forged = { ...original, reason: 'something else' };
    const batch = auditBatch(
      [forged, makeAuditRecord({ auditId: 'new-1' }), { ...forged, auditId: 'new-1' }],
      1,
    );
    expect(await sequencer.handleBatch(batch)).toMatchObject({ appended: 3, duplicates: 0, deadLettered: 2 });
    expect(await sequencer.handleBatch(batch)).toMatchObject({ appended: 0, duplicates: 3, deadLettered: 0 });
    const rows = await index.range(0, 10);
    expect(rows.map((r) => [r.auditId, r.kind])).toEqual([
      ['taken', 'SHARE_SENT'],
      [deadLetterAuditIdOf(batch.messages[0]!, 'audit'), 'DEAD_LETTERED'],
      ['new-1', 'SHARE_SENT'],
      [deadLetterAuditIdOf(batch.messages[2]!, 'audit'), 'DEAD_LETTERED'],
    ]);
    const refused = JSON.parse(rows[1]!.recordJson) as AuditRecord;
    expect(refused.reason).toMatch(/^AUDIT_ID_REUSED: /);
    expect(JSON.parse(refused.detail!)).toMatchObject({ auditId: 'taken', offset: '1' });
    expect(JSON.parse(rows[0]!.recordJson)).toMatchObject({ reason: null });
    const letters = bus.messages('deadletter').map((m) => testCodec.decodeAs('DeadLetter', m.value!));
    expect(letters.map((l) => [l.reasonCode, l.offset])).toEqual([
      ['AUDIT_ID_REUSED', 1],
      ['AUDIT_ID_REUSED', 3],
    ]);
  });

  it('recovers after a failed index write: the retried batch leaves no gap and no duplicate', async () => {
    const real = new InMemoryAuditIndex();
    let failNext = true;
    const flaky: AuditIndex = Object.assign(Object.create(real) as AuditIndex, {
      append: async (rows: Parameters<AuditIndex['append']>[0]) => {
        if (failNext && rows.length > 0) {
          failNext = false;
          throw new Error('database unavailable');
        }
        return real.append(rows);
      },
    });
    const { sequencer } = await makeSequencer({
      blobs: new InMemoryBlobStore(),
      index: flaky,
      checkpointEvery: 2,
    });
    const batch = records(3);
    await expect(sequencer.handleBatch(auditBatch(batch))).rejects.toThrow('database unavailable');
    await sequencer.handleBatch(auditBatch(batch));
    expect((await real.range(0, 10)).map((r) => [r.leafIndex, r.auditId])).toEqual(
      batch.map((r, i) => [i, r.auditId]),
    );
    expect(sequencer.size()).toBe(3);
    expect(sequencer.rootAt(3)).toBe(rootOfRecords(batch));
  });

  it('recovers after a failed segment write, then checkpoints the same leaves', async () => {
    const real = new InMemoryBlobStore();
    let failures = 1;
    const flaky: BlobStore = Object.assign(Object.create(real) as BlobStore, {
      put: async (...args: Parameters<BlobStore['put']>) => {
        if (failures-- > 0) throw new Error('S3 unavailable');
        return real.put(...args);
      },
    });
    const index = new InMemoryAuditIndex();
    const { sequencer } = await makeSequencer({ blobs: flaky, index, checkpointEvery: 2 });
    const batch = records(2);
    // The leaves are durable in the index; their segment is written off the append path, and fails.
    expect(await sequencer.handleBatch(auditBatch(batch))).toMatchObject({ appended: 2 });
    await expect(sequencer.tick()).rejects.toThrow('S3 unavailable');
    // The next batch (here the same again) recovers first: the leaves come back from the index.
    const retried = await sequencer.handleBatch(auditBatch(batch));
    expect(retried).toMatchObject({ appended: 0, duplicates: 2 });
    expect((await sequencer.tick()).map((c) => c.size)).toEqual([2]);
    expect(await index.size()).toBe(2);
  });

  it('a sequencer that fails mid-stream and is started again on the same partition loses and duplicates nothing (leaf indexes stay dense and the root matches a recomputation)', async () => {
    const bus = new InMemoryEventBus(1);
    const blobs = new InMemoryBlobStore();
    const index = new InMemoryAuditIndex();
    const all = records(40);
    const start = async (crashAfterBatches: number) => {
      const { sequencer, publicKeys } = await makeSequencer({ blobs, index, checkpointEvery: 7 });
      let batches = 0;
      // Crash stand-in: after this many batches the handler fails *after* the leaves are durable in the index,
      // so the offsets are not committed and the broker delivers those records again to the next instance.
      const crashing = {
        recover: () => sequencer.recover(),
        invalidate: () => sequencer.invalidate(),
        tick: () => sequencer.tick(),
        flush: () => sequencer.flush(),
        size: () => sequencer.size(),
        handleBatch: async (b: Parameters<AuditSequencer['handleBatch']>[0]) => {
          const done = await sequencer.handleBatch(b);
          if (++batches >= crashAfterBatches) throw new Error('crash');
          return done;
        },
      };
      const running = await startSequencing({
        bus,
        sequencer: crashing,
        topic: 'audit.record',
        groupId: 'audit',
        logger: silentLogger,
        tickMs: 60_000,
      });
      await running.ready;
      return { running, sequencer, publicKeys };
    };
    const publish = (rs: AuditRecord[]) =>
      bus.publish(
        rs.map((r) => ({ topic: 'audit.record', key: r.auditId, value: testCodec.encode('AuditRecord', r) })),
      );
    await publish(all.slice(0, 10));
    const first = await start(1);
    await waitFor(async () => (await index.size()) === 10, 'the first 10 leaves');
    await publish(all.slice(10, 25));
    await waitFor(async () => (await index.size()) === 25, 'the first 25 leaves');
    // The first instance dies: no final checkpoint, offsets of its batches uncommitted.
    await (first.running as unknown as { stop: () => Promise<void> }).stop().catch(() => undefined);
    const second = await start(Number.POSITIVE_INFINITY);
    await publish(all.slice(25));
    await waitFor(async () => (await index.size()) === 40, 'all 40 leaves', 10_000);
    await second.running.stop(); // graceful: flushes a final checkpoint
    const rows = await index.range(0, 100);
    expect(rows.map((r) => r.leafIndex)).toEqual(all.map((_, i) => i));
    expect(rows.map((r) => r.auditId)).toEqual(all.map((r) => r.auditId));
    const latest = second.sequencer.lastCheckpoint();
    expect(latest?.size).toBe(40);
    expect(latest?.rootHash).toBe(rootOfRecords(all));
    const report = await verifyLog(blobs, second.publicKeys, {
      logId: 'audit',
      indexRows: rows,
      inclusion: 'all',
    });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, size: 40 });
  });

  it('appends a record the database cannot hold as it is (NUL, 70,000 characters, emoji) as a leaf, and the leaves behind it too', async () => {
    const index = await SqlAuditIndex.open(await PGliteDatabase.open());
    const blobs = new InMemoryBlobStore();
    const { sequencer, publicKeys } = await makeSequencer({ blobs, index, checkpointEvery: 2 });
    const long = Array.from({ length: 70_000 }, (_, i) =>
      String.fromCodePoint(0x4e00 + ((i * 7919) % 20_000)),
    ).join('');
    const poison = makeAuditRecord({
      auditId: 'poison-\u0000-1',
      subjectPersonIds: [long, '👩‍👧'],
      source: { type: 'MARAC_LISTING', eventId: 'e', ref: 'TR-MARAC-\u0000' },
    });
    const before = records(1, 'a');
    const after = records(3, 'b');
    expect(await sequencer.handleBatch(auditBatch([...before, poison], 0))).toMatchObject({ appended: 2 });
    expect(await sequencer.handleBatch(auditBatch(after, 2))).toMatchObject({ appended: 3 });
    expect(sequencer.size()).toBe(5);
    expect(sequencer.rootAt(5)).toBe(rootOfRecords([...before, poison, ...after]));
    // A redelivery of the poison record is known by its own audit id: skipped, not a conflict.
    expect(await sequencer.handleBatch(auditBatch([poison], 1))).toMatchObject({
      appended: 0,
      duplicates: 1,
    });
    await sequencer.flush();
    expect(
      (await index.search({ maracCaseRef: 'TR-MARAC-\u0000', limit: 10 })).rows.map((r) => r.leafIndex),
    ).toEqual([1]);
    const report = await verifyAudit({ logId: 'audit', blobs, publicKeys, index });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, size: 5, indexRows: 5 });
  }, 120_000);

  it('counts a batch that keeps failing as stalled (for /readyz and /metrics) until it goes through', async () => {
    const bus = new InMemoryEventBus(1);
    const { sequencer } = await makeSequencer({
      blobs: new InMemoryBlobStore(),
      index: new InMemoryAuditIndex(),
    });
    let failing = true;
    const running = await startSequencing({
      bus,
      sequencer: {
        recover: () => sequencer.recover(),
        invalidate: () => sequencer.invalidate(),
        tick: () => sequencer.tick(),
        flush: () => sequencer.flush(),
        size: () => sequencer.size(),
        handleBatch: async (b) => {
          if (failing) throw new Error('the index refuses this batch');
          return sequencer.handleBatch(b);
        },
      },
      topic: 'audit.record',
      groupId: 'audit',
      logger: silentLogger,
      tickMs: 60_000,
      stalledAfterFailures: 3,
    });
    await running.ready;
    expect(running.health()).toMatchObject({ stalled: false, consecutiveFailures: 0 });
    const [one] = records(1);
    await bus.publish([
      { topic: 'audit.record', key: one!.auditId, value: testCodec.encode('AuditRecord', one!) },
    ]);
    await waitFor(async () => running.health().stalled, 'the consumer counts as stalled');
    expect(running.health().stalledSeconds).toBeGreaterThanOrEqual(0);
    expect(sequencer.size()).toBe(0);
    failing = false;
    await waitFor(async () => sequencer.size() === 1, 'the batch goes through');
    expect(running.health()).toMatchObject({ stalled: false, consecutiveFailures: 0, stalledSeconds: 0 });
    expect(running.health().failedBatches).toBeGreaterThanOrEqual(3);
    await running.stop();
  });
});
