import { describe, expect, it } from 'vitest';
import {
  ProofRangeError,
  decodeSegment,
  fromHex,
  segmentPrefix,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@sharehub/audit-log';
import type { BlobStore } from '@sharehub/kit';
import type { AuditIndex } from '../index/AuditIndex.js';
import { AuditLogReadModel } from '../log/AuditLogReadModel.js';
import { readRecordWithProof } from '../http/readRecordWithProof.js';
import { makeAuditRecord } from './makeAuditRecord.js';
import { auditBatch, makeSequencer } from './sequencerHarness.js';

/**
 * Two audit instances over one bucket and one database: the writer's index, and the index another instance opened
 * over the same database (the same object for a fake that stands for the database itself).
 */
export interface ReadModelFixture {
  readonly blobs: BlobStore;
  readonly writerIndex: AuditIndex;
  readonly readerIndex: AuditIndex;
}

const records = (n: number) =>
  Array.from({ length: n }, (_, i) => makeAuditRecord({ auditId: `rm-${i}`, subjectPersonIds: [`p-${i}`] }));

/** The leaf hashes the stored segments hold, leaf by leaf (read from the bucket, not from any index). */
async function storedLeafHashes(blobs: BlobStore): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const key of (await blobs.list(segmentPrefix('audit'))).sort())
    for (const line of decodeSegment((await blobs.get(key))!))
      if (line.ok) out[line.leafIndex] = fromHex(line.computedLeafHash)!;
  return out;
}

/**
 * The read model's promise (docs/adr/0064): an audit instance that does not own the `audit.record` partition, and so
 * has no writer, answers checkpoints, proofs and record lookups from what another instance's writer persisted.
 */
export function readModelContract(name: string, makeFixture: () => Promise<ReadModelFixture>): void {
  describe(`AuditLogReadModel without a writer: ${name}`, () => {
    it('answers signed checkpoints, inclusion and consistency proofs and record lookups of records another instance sequenced', async () => {
      const { blobs, writerIndex, readerIndex } = await makeFixture();
      const written = records(10);
      // The other instance: it owns the partition, sequences three batches and signs checkpoints at 4, 8 and 10.
      const writer = await makeSequencer({ blobs, index: writerIndex, checkpointEvery: 4 });
      await writer.sequencer.handleBatch(auditBatch(written.slice(0, 3)));
      await writer.sequencer.handleBatch(auditBatch(written.slice(3, 7), 3));
      await writer.sequencer.handleBatch(auditBatch(written.slice(7), 7));
      await writer.sequencer.flush();
      // This instance: no sequencer, only the bucket and its own connection to the database.
      const log = new AuditLogReadModel({
        logId: 'audit',
        blobStore: blobs,
        index: readerIndex,
        refreshMs: 0,
      });
      const latest = (await log.latestCheckpoint())!;
      expect(latest.size).toBe(10);
      expect((await verifyCheckpoint(latest.jws, writer.publicKeys)).rootHash).toBe(latest.rootHash);
      const leaves = await storedLeafHashes(blobs);
      expect(leaves).toHaveLength(10);
      for (let leaf = 0; leaf < 10; leaf++) {
        const path = (await log.inclusionProof(leaf, 10)).map((h) => fromHex(h)!);
        expect(verifyInclusion(leaf, 10, leaves[leaf]!, path, fromHex(latest.rootHash)!)).toBe(true);
      }
      const four = (await log.checkpointOfSize(4))!;
      expect((await verifyCheckpoint(four.jws, writer.publicKeys)).size).toBe(4);
      expect(await log.checkpointOfSize(5)).toBeUndefined();
      const consistency = (await log.consistencyProof(4, 10)).map((h) => fromHex(h)!);
      expect(verifyConsistency(4, 10, fromHex(four.rootHash)!, fromHex(latest.rootHash)!, consistency)).toBe(
        true,
      );
      // The writer's instance stops (its index writes what waits); this one still answers a record with its proof.
      await writerIndex.close();
      const found = await readRecordWithProof(readerIndex, log, 'rm-7', ['trafford']);
      expect(found.row.leafIndex).toBe(7);
      expect(found.checkpoint?.size).toBe(10);
      const proof = found.inclusionProof!;
      expect(
        verifyInclusion(
          7,
          10,
          fromHex(proof.leafHash)!,
          proof.auditPath.map((h) => fromHex(h)!),
          fromHex(latest.rootHash)!,
        ),
      ).toBe(true);
    });

    it('reads the writer’s later checkpoints from the bucket, refuses proofs beyond the log, and never goes back', async () => {
      const { blobs, writerIndex, readerIndex } = await makeFixture();
      const log = new AuditLogReadModel({
        logId: 'audit',
        blobStore: blobs,
        index: readerIndex,
        refreshMs: 0,
      });
      expect(await log.latestCheckpoint()).toBeUndefined();
      await expect(log.inclusionProof(0, 1)).rejects.toBeInstanceOf(ProofRangeError);
      const written = records(6);
      const writer = await makeSequencer({ blobs, index: writerIndex, checkpointEvery: 100 });
      await writer.sequencer.handleBatch(auditBatch(written.slice(0, 2)));
      await writer.sequencer.flush();
      const two = (await log.latestCheckpoint())!;
      expect(two.size).toBe(2);
      await writer.sequencer.handleBatch(auditBatch(written.slice(2), 2));
      await writer.sequencer.flush();
      expect((await log.latestCheckpoint())?.size).toBe(6);
      log.noteCheckpoints([two]);
      expect((await log.latestCheckpoint())?.size).toBe(6);
      await expect(log.consistencyProof(2, 7)).rejects.toBeInstanceOf(ProofRangeError);
      await writerIndex.close();
    });
  });
}
