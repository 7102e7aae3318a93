import { describe, expect, it } from 'vitest';
import { InMemoryBlobStore, InMemoryEventBus, waitFor } from '@sharehub/kit/testing';
import type { BlobStore } from '@sharehub/kit';
import type { AuditRecord } from '@sharehub/schemas';
import { InMemoryAuditIndex } from '../index/InMemoryAuditIndex.js';
import type { AuditIndex } from '../index/AuditIndex.js';
import { makeAuditRecord } from '../testing/makeAuditRecord.js';
import {
  auditBatch,
  makeSequencer,
  silentLogger,
  testCodec,
  testLeafBytes,
} from '../testing/sequencerHarness.js';
import { FakeLeafLog } from '../testing/FakeLeafLog.js';
import { startSequencing } from '../startSequencing.js';
import type { LeafLog } from './LeafLog.js';
import { AuditSequencer } from './AuditSequencer.js';

const records = (n: number, prefix = 'r'): AuditRecord[] =>
  Array.from({ length: n }, (_, i) =>
    makeAuditRecord({ auditId: `${prefix}-${i}`, subjectPersonIds: [`p-${i % 3}`] }),
  );

/** The sequencer's behaviour over any LeafLog built on a blob store. */
function sequencerSuite(
  name: string,
  makeLog: (blobs: BlobStore) => LeafLog,
  rootOf: (log: LeafLog) => string,
) {
  describe(`AuditSequencer over ${name}`, () => {
    it('appends each record as the next leaf and indexes it with its hash and canonical JSON', async () => {
      const blobs = new InMemoryBlobStore();
      const index = new InMemoryAuditIndex();
      const log = makeLog(blobs);
      const { sequencer } = makeSequencer({ log, index, checkpointEvery: 100 });
      const batch = records(4);
      const done = await sequencer.handleBatch(auditBatch(batch));
      expect(done).toMatchObject({ appended: 4, duplicates: 0, checkpoint: undefined });
      const rows = await index.range(0, 10);
      expect(rows.map((r) => r.leafIndex)).toEqual([0, 1, 2, 3]);
      expect(rows.map((r) => r.auditId)).toEqual(batch.map((r) => r.auditId));
      rows.forEach((row, i) => {
        expect(row.leafHash).toBe(log.leafHash(i));
        // The leaf is the canonical form of the record as decoded (instants in the codec's printed form).
        const decoded = testCodec.decodeAs('AuditRecord', testCodec.encode('AuditRecord', batch[i]!));
        expect(row.recordJson).toBe(new TextDecoder().decode(testLeafBytes(decoded)));
      });
    });

    it('checkpoints every N leaves, and after T seconds for the rest', async () => {
      const log = makeLog(new InMemoryBlobStore());
      const { sequencer, clock } = makeSequencer({
        log,
        index: new InMemoryAuditIndex(),
        checkpointEvery: 3,
        checkpointIntervalMs: 5_000,
      });
      const all = records(7);
      const sizes: Array<number | undefined> = [];
      for (const [i, record] of all.entries())
        sizes.push((await sequencer.handleBatch(auditBatch([record], i))).checkpoint?.treeSize);
      expect(sizes).toEqual([undefined, undefined, 3, undefined, undefined, 6, undefined]);
      expect(await sequencer.tick()).toBeUndefined();
      clock.advance(4_999);
      expect(await sequencer.tick()).toBeUndefined();
      clock.advance(1);
      expect((await sequencer.tick())?.treeSize).toBe(7);
      clock.advance(60_000);
      expect(await sequencer.tick()).toBeUndefined(); // nothing new: no empty checkpoint
      expect((await sequencer.latestCheckpoint())?.treeSize).toBe(7);
    });

    it('skips a record it already holds (same auditId), in the same batch or a replay', async () => {
      const index = new InMemoryAuditIndex();
      const { sequencer } = makeSequencer({ log: makeLog(new InMemoryBlobStore()), index });
      const batch = records(3);
      expect(await sequencer.handleBatch(auditBatch([...batch, batch[0]!]))).toMatchObject({
        appended: 3,
        duplicates: 1,
      });
      expect(await sequencer.handleBatch(auditBatch(batch))).toMatchObject({ appended: 0, duplicates: 3 });
      expect(await index.size()).toBe(3);
    });

    it('audits an undecodable message as a DEAD_LETTERED leaf, once, and dead-letters its bytes', async () => {
      const index = new InMemoryAuditIndex();
      const bus = new InMemoryEventBus(1);
      const withDlq = new AuditSequencer({
        log: makeLog(new InMemoryBlobStore()),
        index,
        codec: testCodec,
        leafBytes: testLeafBytes,
        clock: { now: () => new Date('2026-03-15T00:00:00Z') },
        logger: silentLogger,
        checkpointEvery: 10,
        checkpointIntervalMs: 1000,
        deadLetter: { bus, topic: 'deadletter', groupId: 'audit' },
      });
      const batch = auditBatch(records(2));
      const broken = {
        ...batch,
        messages: [batch.messages[0]!, { ...batch.messages[1]!, value: new Uint8Array([1, 2, 3]) }],
      };
      expect(await withDlq.handleBatch(broken)).toMatchObject({ appended: 2, deadLettered: 1 });
      expect(await withDlq.handleBatch(broken)).toMatchObject({
        appended: 0,
        duplicates: 2,
        deadLettered: 0,
      });
      const [, dead] = await index.range(0, 2);
      expect(dead).toMatchObject({ kind: 'DEAD_LETTERED', auditId: 'dead-letter:audit.record:0:1' });
      const letters = bus.messages('deadletter').map((m) => testCodec.decodeAs('DeadLetter', m.value!));
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ reasonCode: 'TRUNCATED', offset: 1, consumerGroup: 'audit' });
      expect([...letters[0]!.originalBytes]).toEqual([1, 2, 3]);
    });

    it('recovers after a failed index write: the retried batch leaves no gap and no duplicate', async () => {
      const blobs = new InMemoryBlobStore();
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
      const log = makeLog(blobs);
      const { sequencer } = makeSequencer({ log, index: flaky, checkpointEvery: 2 });
      const batch = records(3);
      await expect(sequencer.handleBatch(auditBatch(batch))).rejects.toThrow('database unavailable');
      await sequencer.handleBatch(auditBatch(batch));
      expect((await real.range(0, 10)).map((r) => [r.leafIndex, r.auditId])).toEqual(
        batch.map((r, i) => [i, r.auditId]),
      );
      expect(log.size()).toBe(3);
    });

    it('recovers after a failed checkpoint write, then checkpoints the same leaves', async () => {
      const blobs = new InMemoryBlobStore();
      const index = new InMemoryAuditIndex();
      const log = makeLog(blobs);
      const { sequencer } = makeSequencer({ log, index, checkpointEvery: 2 });
      const original = log.checkpoint.bind(log);
      let failures = 1;
      log.checkpoint = async () => {
        if (failures-- > 0) throw new Error('S3 unavailable');
        return original();
      };
      const batch = records(2);
      await expect(sequencer.handleBatch(auditBatch(batch))).rejects.toThrow('S3 unavailable');
      const retried = await sequencer.handleBatch(auditBatch(batch));
      expect(retried).toMatchObject({ appended: 0, duplicates: 2 });
      expect(retried.checkpoint?.treeSize).toBe(2);
      expect(await sequencer.flush()).toBeUndefined();
      expect(await index.size()).toBe(2);
    });

    it('restarting the audit service mid-stream loses and duplicates nothing (dense leaves, root = recomputation)', async () => {
      const bus = new InMemoryEventBus(1);
      const blobs = new InMemoryBlobStore();
      const index = new InMemoryAuditIndex();
      const all = records(40);
      const start = async (crashAfterBatches: number) => {
        const log = makeLog(blobs);
        const { sequencer } = makeSequencer({ log, index, checkpointEvery: 7 });
        let batches = 0;
        // Crash stand-in: after this many batches the handler fails *after* the leaves are durable, so the
        // offsets are not committed and the broker delivers those records again to the next instance.
        const crashing = Object.assign(Object.create(sequencer) as typeof sequencer, {
          handleBatch: async (b: Parameters<typeof sequencer.handleBatch>[0]) => {
            const done = await sequencer.handleBatch(b);
            if (++batches >= crashAfterBatches) throw new Error('crash');
            return done;
          },
        });
        const running = await startSequencing({
          bus,
          sequencer: crashing,
          topic: 'audit.record',
          groupId: 'audit',
          logger: silentLogger,
          tickMs: 60_000,
        });
        await running.ready;
        return { running, log };
      };
      const publish = (rs: AuditRecord[]) =>
        bus.publish(
          rs.map((r) => ({
            topic: 'audit.record',
            key: r.auditId,
            value: testCodec.encode('AuditRecord', r),
          })),
        );
      await publish(all.slice(0, 10));
      const first = await start(1);
      await waitFor(async () => (await index.size()) === 10, 'the first 10 leaves');
      await publish(all.slice(10, 25)); // redelivered with the uncommitted first ten
      // The first instance dies without its final checkpoint (no graceful stop of the sequencer).
      const sub = first.running as unknown as { stop: () => Promise<void> };
      await sub.stop().catch(() => undefined);
      const second = await start(Number.POSITIVE_INFINITY);
      await publish(all.slice(25));
      await waitFor(async () => (await index.size()) === 40, 'all 40 leaves', 10_000);
      await second.running.stop();
      const rows = await index.range(0, 100);
      expect(rows.map((r) => r.leafIndex)).toEqual(all.map((_, i) => i));
      expect(new Set(rows.map((r) => r.auditId)).size).toBe(40);
      expect(rows.map((r) => r.auditId).sort()).toEqual(all.map((r) => r.auditId).sort());
      // A fresh log built from the index's records, in order, has the same root as the checkpoint signed.
      const fresh = makeLog(new InMemoryBlobStore());
      for (const row of rows) fresh.append(new TextEncoder().encode(row.recordJson));
      const latest = await second.log.latestCheckpoint();
      expect(latest?.treeSize).toBe(40);
      expect(latest?.rootHash).toBe(rootOf(fresh));
      const recovered = makeLog(blobs);
      await recovered.recover();
      expect(recovered.size()).toBe(40);
      expect(rootOf(recovered)).toBe(latest?.rootHash);
    });
  });
}

sequencerSuite(
  'the fake LeafLog',
  (blobs) => new FakeLeafLog(blobs),
  (log) => (log as FakeLeafLog).root(log.size()),
);
