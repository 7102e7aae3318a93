import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLogWriter, type AuditLogWriterOptions } from './AuditLogWriter.js';
import { toHex } from './bytes.js';
import { canonicalRecord } from './canonicalRecord.js';
import { generateSigningKey, verifyCheckpoint, type SigningKey } from './checkpoint.js';
import { LeafConflictError, LogCorruptError } from './errors.js';
import { leafHash } from './merkle/leafHash.js';
import { rootOf } from './merkle/rootOf.js';
import { checkpointKey, segmentKey } from './segment.js';
import { InMemoryBlobStore } from './testing/InMemoryBlobStore.js';
import { sampleAuditRecord } from './testing/sampleAuditRecord.js';

let key: SigningKey;
beforeAll(async () => {
  key = await generateSigningKey();
});

const records = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => sampleAuditRecord(from + i));

function setup(overrides: Partial<AuditLogWriterOptions> = {}) {
  const blobStore = new InMemoryBlobStore();
  let now = Date.UTC(2026, 2, 20, 9);
  const clock = { now: () => new Date(now) };
  const options: AuditLogWriterOptions = {
    logId: 'audit',
    blobStore,
    clock,
    signingKey: { kid: key.kid, privateKey: key.privateJwk },
    checkpointEvery: { leaves: 4, seconds: 60 },
    ...overrides,
  };
  return { blobStore, options, advance: (seconds: number) => (now += seconds * 1000) };
}

describe('AuditLogWriter', () => {
  it('gives records dense leaf indexes and their RFC 6962 leaf hashes', async () => {
    const { options } = setup();
    const writer = await AuditLogWriter.recover(options);
    const first = writer.append(records(0, 3));
    const second = writer.append(records(3, 5));
    expect([...first, ...second].map((l) => l.leafIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(first[1]).toMatchObject({
      auditId: 'audit-00000001',
      isNew: true,
      leafHash: toHex(leafHash(canonicalRecord(sampleAuditRecord(1)))),
    });
    expect(writer.size).toBe(5);
    expect(writer.checkpointedSize).toBe(0);
    expect(writer.merkleLog.root()).toEqual(rootOf(records(0, 5).map((r) => leafHash(canonicalRecord(r)))));
  });

  it('cuts a segment and signs a checkpoint every N leaves, segment first', async () => {
    const { blobStore, options } = setup();
    const writer = await AuditLogWriter.recover(options);
    writer.append(records(0, 10));
    const written = await writer.checkpointIfDue();
    expect(written.map((c) => c.size)).toEqual([4, 8]);
    expect(blobStore.keys()).toEqual([
      checkpointKey('audit', 4),
      checkpointKey('audit', 8),
      segmentKey('audit', 0, 4),
      segmentKey('audit', 4, 8),
    ]);
    expect(writer.checkpointedSize).toBe(8);
    const checkpoint = await verifyCheckpoint(written[1]!.jws, { keys: [key.publicJwk] });
    expect(checkpoint).toMatchObject({
      logId: 'audit',
      size: 8,
      rootHash: toHex(writer.merkleLog.rootAt(8)),
    });
    expect(writer.latestCheckpoint).toEqual(written[1]);
  });

  it('checkpoints the rest once the oldest waiting leaf is T seconds old, and on flush', async () => {
    const { blobStore, options, advance } = setup();
    const writer = await AuditLogWriter.recover(options);
    writer.append(records(0, 2));
    advance(59);
    expect(await writer.checkpointIfDue()).toEqual([]);
    advance(1);
    expect((await writer.checkpointIfDue()).map((c) => c.size)).toEqual([2]);
    writer.append(records(2, 3));
    expect((await writer.flush()).map((c) => c.size)).toEqual([3]);
    expect(await writer.flush()).toEqual([]);
    expect(blobStore.keys().filter((k) => k.startsWith('segments/'))).toEqual([
      segmentKey('audit', 0, 2),
      segmentKey('audit', 2, 3),
    ]);
  });

  it('sets Object Lock retention and content types', async () => {
    const { blobStore, options } = setup({ retainUntil: (now) => new Date(now.getTime() + 86_400_000) });
    const writer = await AuditLogWriter.recover(options);
    writer.append(records(0, 4));
    await writer.checkpointIfDue();
    expect(blobStore.optionsOf(segmentKey('audit', 0, 4))).toEqual({
      contentType: 'application/jsonl',
      retainUntil: new Date(Date.UTC(2026, 2, 21, 9)),
    });
    expect(blobStore.optionsOf(checkpointKey('audit', 4))?.contentType).toBe('application/jose');
  });

  it('after a restart, recovers the tree and replays idempotently: same keys, same bytes, no gaps or duplicates', async () => {
    const { blobStore, options, advance } = setup();
    const first = await AuditLogWriter.recover(options);
    const placed = first.append(records(0, 10));
    await first.flush();
    const snapshot = new Map(
      await Promise.all(blobStore.keys().map(async (k) => [k, await blobStore.get(k)] as const)),
    );
    const puts = blobStore.puts;

    advance(3600); // a later restart: a new clock reading must not change what is stored
    const second = await AuditLogWriter.recover(options);
    expect(second.size).toBe(10);
    expect(second.checkpointedSize).toBe(10);
    expect(second.merkleLog.root()).toEqual(first.merkleLog.root());
    expect(second.latestCheckpoint?.jws).toBe(first.latestCheckpoint?.jws);

    // The consumer replays the same records with the positions it was given.
    const replay = records(0, 10).map((r, i) => ({
      ...r,
      position: { leafIndex: i, leafHash: placed[i]!.leafHash },
    }));
    expect(second.append(replay).every((l) => !l.isNew)).toBe(true);
    expect(await second.flush()).toEqual([]);
    expect(blobStore.puts).toBe(puts);
    for (const [k, bytes] of snapshot) expect(await blobStore.get(k)).toEqual(bytes);

    // Then carries on where it stopped, with a replayed record at the next index accepted as new.
    const more = second.append([
      { ...sampleAuditRecord(10), position: { leafIndex: 10 } },
      sampleAuditRecord(11),
    ]);
    expect(more.map((l) => [l.leafIndex, l.isNew])).toEqual([
      [10, true],
      [11, true],
    ]);
  });

  it('a writer that crashed before flushing writes the very same segment bytes when it replays', async () => {
    const a = setup({ checkpointEvery: { leaves: 3, seconds: 60 } });
    const writer = await AuditLogWriter.recover(a.options);
    writer.append(records(0, 6));
    await writer.checkpointIfDue();
    const segment = await a.blobStore.get(segmentKey('audit', 3, 6));

    // Same records, fresh store, different clock: the segment bytes only depend on the leaves.
    const b = setup({ checkpointEvery: { leaves: 3, seconds: 60 } });
    b.advance(999);
    const again = await AuditLogWriter.recover(b.options);
    again.append(records(0, 6));
    await again.checkpointIfDue();
    expect(await b.blobStore.get(segmentKey('audit', 3, 6))).toEqual(segment);
  });

  it('refuses a replayed index holding another record, a gap, and a wrong position.leafHash', async () => {
    const { options } = setup();
    const writer = await AuditLogWriter.recover(options);
    writer.append(records(0, 3));
    const conflict = (fn: () => unknown): number | undefined => {
      try {
        fn();
      } catch (err) {
        if (err instanceof LeafConflictError) return err.leafIndex;
        throw err;
      }
      return undefined;
    };
    expect(conflict(() => writer.append([{ ...sampleAuditRecord(9), position: { leafIndex: 1 } }]))).toBe(1);
    expect(conflict(() => writer.append([{ ...sampleAuditRecord(3), position: { leafIndex: 5 } }]))).toBe(5);
    expect(
      conflict(() =>
        writer.append([{ ...sampleAuditRecord(3), position: { leafIndex: 3, leafHash: '0'.repeat(64) } }]),
      ),
    ).toBe(3);
    // All or nothing: a bad record late in a batch adds none of it.
    expect(
      conflict(() =>
        writer.append([sampleAuditRecord(3), { ...sampleAuditRecord(4), position: { leafIndex: 9 } }]),
      ),
    ).toBe(9);
    expect(writer.size).toBe(3);
  });

  it('finishes a flush that stopped between the segment and its checkpoint', async () => {
    const { blobStore, options } = setup();
    const writer = await AuditLogWriter.recover(options);
    writer.append(records(0, 8));
    await writer.checkpointIfDue();
    blobStore.remove(checkpointKey('audit', 8));
    const recovered = await AuditLogWriter.recover(options);
    expect(recovered.latestCheckpoint).toMatchObject({
      size: 8,
      rootHash: toHex(writer.merkleLog.rootAt(8)),
    });
    expect(await blobStore.get(checkpointKey('audit', 8))).toBeDefined();
  });

  it('refuses to recover a corrupt log, naming the leaf', async () => {
    const { blobStore, options } = setup();
    const writer = await AuditLogWriter.recover(options);
    writer.append(records(0, 8));
    await writer.flush();
    blobStore.tamper(segmentKey('audit', 4, 8), (bytes) => {
      const text = Buffer.from(bytes).toString('utf8').replace('audit-00000006', 'audit-00000066');
      return new TextEncoder().encode(text);
    });
    const error = await AuditLogWriter.recover(options).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LogCorruptError);
    expect((error as LogCorruptError).leafIndex).toBe(6);

    blobStore.tamper(checkpointKey('audit', 8), () => new TextEncoder().encode('garbage'));
    const unreadable = await AuditLogWriter.recover(options).catch((err: unknown) => err);
    expect(unreadable).toBeInstanceOf(LogCorruptError);

    blobStore.remove(segmentKey('audit', 0, 4));
    const gap = await AuditLogWriter.recover(options).catch((err: unknown) => err);
    expect((gap as LogCorruptError).leafIndex).toBe(0);
  });
});
