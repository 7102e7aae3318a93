import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLogWriter, type AppendedLeaf } from './AuditLogWriter.js';
import { toHex } from './bytes.js';
import { canonicalRecordJson } from './canonicalRecord.js';
import { decodeCheckpoint, generateSigningKey, signCheckpoint, type SigningKey } from './checkpoint.js';
import { leafHash } from './merkle/leafHash.js';
import { checkpointKey, encodeSegmentLine, segmentKey } from './segment.js';
import { InMemoryBlobStore } from '@sharehub/kit/fakes';
import { sampleAuditRecord } from './testing/sampleAuditRecord.js';
import { verifyLog, type IndexRow, type VerifyReport } from './verifyLog.js';

let key: SigningKey;
beforeAll(async () => {
  key = await generateSigningKey();
});

const SIZE = 23; // segments [0,5) [5,10) [10,15) [15,20) [20,23)
const encoder = new TextEncoder();
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

async function storedLog(size = SIZE): Promise<{ blobStore: InMemoryBlobStore; leaves: AppendedLeaf[] }> {
  const blobStore = new InMemoryBlobStore();
  const writer = await AuditLogWriter.recover({
    logId: 'audit',
    blobStore,
    clock: { now: () => new Date(Date.UTC(2026, 2, 20, 9)) },
    signingKey: { kid: key.kid, privateKey: key.privateJwk },
    checkpointEvery: { leaves: 5, seconds: 60 },
  });
  const leaves = writer.append(Array.from({ length: size }, (_, i) => sampleAuditRecord(i)));
  await writer.flush();
  return { blobStore, leaves };
}

const verify = (blobStore: InMemoryBlobStore, extra: Partial<Parameters<typeof verifyLog>[2]> = {}) =>
  verifyLog(blobStore, { keys: [key.publicJwk] }, { logId: 'audit', inclusion: 'all', ...extra });

const rowsOf = (leaves: AppendedLeaf[]): IndexRow[] =>
  leaves.map((l) => ({
    leafIndex: l.leafIndex,
    leafHash: l.leafHash,
    auditId: l.auditId,
    recordJson: l.recordJson,
  }));

const codes = (report: VerifyReport): string[] => [...new Set(report.problems.map((p) => p.code))].sort();

// Rewrites the lines of a stored segment.
function editLines(blobStore: InMemoryBlobStore, key: string, edit: (lines: string[]) => string[]): void {
  blobStore.tamper(key, (bytes) => {
    const lines = text(bytes).split('\n').slice(0, -1);
    return encoder.encode(
      edit(lines)
        .map((l) => `${l}\n`)
        .join(''),
    );
  });
}

describe('verifyLog', () => {
  it('passes an untouched log, with its index, checking every checkpoint', async () => {
    const { blobStore, leaves } = await storedLog();
    const report = await verify(blobStore, { indexRows: rowsOf(leaves), expectedSize: SIZE });
    expect(report).toMatchObject({
      ok: true,
      logId: 'audit',
      size: SIZE,
      checkpointsChecked: 5,
      problems: [],
    });
    expect(report.firstBadLeaf).toBeUndefined();
    expect(report.latestCheckpoint?.size).toBe(SIZE);
    expect(await verify(new InMemoryBlobStore())).toMatchObject({ ok: true, size: 0, checkpointsChecked: 0 });
  });

  it('names the leaf when one byte of a segment is flipped (leaf 7: its record no longer hashes to its leaf)', async () => {
    const { blobStore } = await storedLog();
    blobStore.tamper(segmentKey('audit', 5, 10), (bytes) => {
      const at = text(bytes).indexOf('audit-00000007') + 'audit-0000000'.length;
      bytes[at]! ^= 0x01; // '7' -> '6'
      return bytes;
    });
    const report = await verify(blobStore);
    expect(report.ok).toBe(false);
    expect(report.firstBadLeaf).toBe(7);
    expect(report.problems[0]).toMatchObject({ code: 'LEAF_HASH_MISMATCH', leafIndex: 7 });
    expect(codes(report)).toEqual([
      'CHECKPOINT_INCONSISTENT',
      'CHECKPOINT_ROOT_MISMATCH',
      'LEAF_HASH_MISMATCH',
    ]);
    const mismatch = report.problems.find((p) => p.code === 'CHECKPOINT_ROOT_MISMATCH');
    expect(mismatch).toMatchObject({ leafIndex: 7, key: checkpointKey('audit', 10) });
  });

  it(
    'names the leaf whose line holds any flipped bit, wherever it is in any segment',
    { timeout: 60_000 },
    async () => {
      const { blobStore } = await storedLog();
      const segments = [
        [0, 5],
        [5, 10],
        [10, 15],
        [15, 20],
        [20, 23],
      ] as const;
      const originals = new Map<string, Uint8Array>();
      for (const [start, end] of segments)
        originals.set(
          segmentKey('audit', start, end),
          (await blobStore.get(segmentKey('audit', start, end)))!,
        );
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: segments.length - 1 }),
          fc.nat(),
          fc.nat({ max: 7 }),
          async (s, offset, bit) => {
            const [start, end] = segments[s]!;
            const segment = segmentKey('audit', start, end);
            const original = originals.get(segment)!;
            const at = offset % original.byteLength;
            const leaf = start + (text(original.subarray(0, at)).match(/\n/g)?.length ?? 0);
            blobStore.tamper(segment, () => {
              const copy = Uint8Array.from(original);
              copy[at]! ^= 1 << bit;
              return copy;
            });
            const report = await verify(blobStore);
            blobStore.tamper(segment, () => Uint8Array.from(original));
            expect(report.ok).toBe(false);
            expect(report.firstBadLeaf).toBe(leaf);
          },
        ),
        { numRuns: 150 },
      );
    },
  );

  it('names the missing leaf when a record is deleted from a segment', async () => {
    const { blobStore } = await storedLog();
    editLines(blobStore, segmentKey('audit', 10, 15), (lines) => lines.filter((_, i) => i !== 2)); // leaf 12
    const report = await verify(blobStore);
    expect(report.ok).toBe(false);
    expect(report.firstBadLeaf).toBe(12);
    expect(report.problems[0]).toMatchObject({ code: 'LEAF_MISSING', leafIndex: 12 });
  });

  it('names the first leaf out of place when two records are swapped', async () => {
    const { blobStore } = await storedLog();
    editLines(blobStore, segmentKey('audit', 15, 20), (lines) => [
      lines[0]!,
      lines[3]!,
      lines[2]!,
      lines[1]!,
      lines[4]!,
    ]);
    const report = await verify(blobStore);
    expect(report.ok).toBe(false);
    expect(report.firstBadLeaf).toBe(16);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'LEAF_OUT_OF_ORDER', leafIndex: 16 })]);
  });

  it('names the first leaf out of place when swapped records also had their indexes rewritten', async () => {
    const { blobStore, leaves } = await storedLog();
    editLines(blobStore, segmentKey('audit', 15, 20), (lines) => {
      const swapped = [lines[0]!, lines[3]!, lines[2]!, lines[1]!, lines[4]!];
      return swapped.map((line, i) => line.replace(/"leafIndex":\d+/, `"leafIndex":${15 + i}`));
    });
    const report = await verify(blobStore);
    expect(report.ok).toBe(false);
    // The signed root says leaves 15..19 changed; only the index can say which.
    expect(report.firstBadLeaf).toBe(15);
    expect(codes(report)).toEqual(['CHECKPOINT_INCONSISTENT', 'CHECKPOINT_ROOT_MISMATCH']);
    const withIndex = await verify(blobStore, { indexRows: rowsOf(leaves) });
    expect(withIndex.firstBadLeaf).toBe(16);
  });

  it('catches a record rewritten together with its leaf hash by the signed root, and the leaf by the index', async () => {
    const { blobStore, leaves } = await storedLog();
    editLines(blobStore, segmentKey('audit', 20, 23), (lines) =>
      lines.map((line, i) => {
        if (i !== 1) return line;
        const recordJson = canonicalRecordJson({ ...sampleAuditRecord(21), reason: 'edited' });
        const hash = toHex(leafHash(encoder.encode(recordJson)));
        return encodeSegmentLine({ leafIndex: 21, leafHash: hash, recordJson }).trimEnd();
      }),
    );
    const report = await verify(blobStore);
    expect(report.ok).toBe(false);
    expect(report.problems.find((p) => p.code === 'CHECKPOINT_ROOT_MISMATCH')?.leafIndex).toBe(20);
    const withIndex = await verify(blobStore, { indexRows: rowsOf(leaves) });
    expect(withIndex.firstBadLeaf).toBe(21);
    expect(withIndex.problems).toContainEqual(
      expect.objectContaining({ code: 'INDEX_ROW_MISMATCH', leafIndex: 21 }),
    );
  });

  it('names the leaf of an edited index row, and rows the index lacks or has beyond the log', async () => {
    const { blobStore, leaves } = await storedLog();
    const rows = rowsOf(leaves);
    const edited = rows.map((r) => (r.leafIndex === 9 ? { ...r, auditId: 'audit-99999999' } : r));
    const report = await verify(blobStore, { indexRows: edited });
    expect(report.ok).toBe(false);
    expect(report.firstBadLeaf).toBe(9);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'INDEX_ROW_MISMATCH', leafIndex: 9 })]);

    const rehashed = rows.map((r) => (r.leafIndex === 4 ? { ...r, leafHash: '0'.repeat(64) } : r));
    expect((await verify(blobStore, { indexRows: rehashed })).firstBadLeaf).toBe(4);
    const reworded = rows.map((r) =>
      r.leafIndex === 3 ? { ...r, recordJson: r.recordJson!.replace('SHARE', 'SHARX') } : r,
    );
    expect((await verify(blobStore, { indexRows: reworded })).firstBadLeaf).toBe(3);

    async function* streamed(): AsyncIterable<IndexRow> {
      for (const row of rows) if (row.leafIndex !== 13) yield row;
    }
    const gap = await verify(blobStore, { indexRows: streamed() });
    expect(gap.problems).toEqual([expect.objectContaining({ code: 'INDEX_ROW_MISSING', leafIndex: 13 })]);
    const short = await verify(blobStore, { indexRows: rows.slice(0, 20) });
    expect(short.problems).toEqual([expect.objectContaining({ code: 'INDEX_ROW_MISSING', leafIndex: 20 })]);
    const long = await verify(blobStore, {
      indexRows: [...rows, { leafIndex: SIZE, leafHash: '0'.repeat(64), auditId: 'x' }],
    });
    expect(long.problems).toEqual([expect.objectContaining({ code: 'LEAF_MISSING', leafIndex: SIZE })]);
  });

  it('names the first missing leaf when a whole segment is deleted', async () => {
    const { blobStore } = await storedLog();
    blobStore.remove(segmentKey('audit', 5, 10));
    const report = await verify(blobStore);
    expect(report.ok).toBe(false);
    expect(report.firstBadLeaf).toBe(5);
    expect(report.problems[0]).toMatchObject({ code: 'LEAF_MISSING', leafIndex: 5 });
  });

  it('detects truncation (last segment and checkpoint deleted) given the expected size or the index', async () => {
    const { blobStore, leaves } = await storedLog();
    blobStore.remove(segmentKey('audit', 20, 23));
    blobStore.remove(checkpointKey('audit', 23));
    expect((await verify(blobStore)).ok).toBe(true); // nothing inside the log can tell
    expect((await verify(blobStore, { expectedSize: SIZE })).firstBadLeaf).toBe(20);
    expect((await verify(blobStore, { indexRows: rowsOf(leaves) })).firstBadLeaf).toBe(20);
  });

  it('reports a bad checkpoint signature, an unknown key, and the leaves left under no checkpoint', async () => {
    const { blobStore } = await storedLog();
    blobStore.tamper(checkpointKey('audit', 23), (bytes) => {
      bytes[bytes.length - 3]! ^= 0x02; // inside the base64url signature
      return bytes;
    });
    const report = await verify(blobStore);
    expect(report.ok).toBe(false);
    expect(codes(report)).toEqual(['CHECKPOINT_SIGNATURE_INVALID', 'LEAVES_UNCHECKPOINTED']);
    expect(report.firstBadLeaf).toBe(20);
    expect(report.checkpointsChecked).toBe(4);

    const other = await generateSigningKey();
    const unknown = await verifyLog(blobStore, { keys: [other.publicJwk] }, { logId: 'audit' });
    expect(unknown.problems.filter((p) => p.code === 'CHECKPOINT_KEY_UNKNOWN')).toHaveLength(5);
  });

  it('reports a validly signed checkpoint whose root is not the log’s, and its inconsistency with the one before', async () => {
    const { blobStore } = await storedLog();
    const jws = await signCheckpoint(
      { logId: 'audit', size: 15, rootHash: 'ab'.repeat(32), timestamp: '2026-03-20T09:00:00.000Z' },
      key.privateJwk,
      key.kid,
    );
    blobStore.tamper(checkpointKey('audit', 15), () => encoder.encode(jws));
    const report = await verify(blobStore);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        code: 'CHECKPOINT_ROOT_MISMATCH',
        leafIndex: 10,
        key: checkpointKey('audit', 15),
      }),
      expect.objectContaining({
        code: 'CHECKPOINT_INCONSISTENT',
        leafIndex: 10,
        key: checkpointKey('audit', 15),
      }),
      expect.objectContaining({ code: 'CHECKPOINT_INCONSISTENT', key: checkpointKey('audit', 20) }),
    ]);
  });

  it('reports a deleted intermediate checkpoint, a checkpoint under another key, and time running backwards', async () => {
    const { blobStore } = await storedLog();
    const moved = (await blobStore.get(checkpointKey('audit', 10)))!;
    blobStore.remove(checkpointKey('audit', 10));
    await blobStore.put(checkpointKey('audit', 11), moved);
    const report = await verify(blobStore);
    expect(codes(report)).toEqual(['CHECKPOINT_KEY_MISMATCH', 'CHECKPOINT_MISSING']);
    expect(report.firstBadLeaf).toBeUndefined();

    const at20 = decodeCheckpoint(text((await blobStore.get(checkpointKey('audit', 20)))!));
    const backdated = await signCheckpoint(
      { ...at20, timestamp: '2020-01-01T00:00:00.000Z' },
      key.privateJwk,
      key.kid,
    );
    blobStore.tamper(checkpointKey('audit', 20), () => encoder.encode(backdated));
    expect(codes(await verify(blobStore))).toEqual([
      'CHECKPOINT_KEY_MISMATCH',
      'CHECKPOINT_MISSING',
      'CHECKPOINT_TIME_REGRESSION',
    ]);
  });
});
