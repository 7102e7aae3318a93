import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLogWriter, type AuditLogWriterOptions } from './AuditLogWriter.js';
import { toHex } from './bytes.js';
import { canonicalRecord } from './canonicalRecord.js';
import { generateSigningKey, verifyCheckpoint, type SigningKey } from './checkpoint.js';
import { decodeFrontierState, frontierStateKey } from './frontierState.js';
import type { BlobStore } from './ports.js';
import { LeafConflictError, LogCorruptError } from './errors.js';
import { leafHash } from './merkle/leafHash.js';
import { rootOf } from './merkle/rootOf.js';
import { checkpointKey, segmentKey } from './segment.js';
import { InMemoryBlobStore } from '@sharehub/kit/fakes';
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
    expect(writer.root()).toEqual(rootOf(records(0, 5).map((r) => leafHash(canonicalRecord(r)))));
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
      frontierStateKey('audit'),
    ]);
    expect(decodeFrontierState((await blobStore.get(frontierStateKey('audit')))!)).toMatchObject({
      size: 8,
      rootHash: written[1]!.rootHash,
    });
    expect(writer.checkpointedSize).toBe(8);
    const checkpoint = await verifyCheckpoint(written[1]!.jws, { keys: [key.publicJwk] });
    expect(checkpoint).toMatchObject({
      logId: 'audit',
      size: 8,
      rootHash: toHex(writer.rootAt(8)),
    });
    expect(writer.latestCheckpoint).toEqual(written[1]);
  });

  it('reaches its fault points with the segment stored and not its checkpoint, then the checkpoint and not its state (docs/adr/0102-fault-points.md)', async () => {
    const { blobStore, options } = setup();
    const seen: Array<{ point: string; keys: string[] }> = [];
    const writer = await AuditLogWriter.recover({
      ...options,
      faultPoint: async (point) => void seen.push({ point, keys: blobStore.keys() }),
    });
    writer.append(records(0, 4));
    await writer.checkpointIfDue();
    expect(seen).toEqual([
      { point: 'audit.segment.afterWrite', keys: [segmentKey('audit', 0, 4)] },
      {
        point: 'audit.checkpoint.afterWrite',
        keys: [checkpointKey('audit', 4), segmentKey('audit', 0, 4)],
      },
    ]);
    expect(blobStore.keys()).toContain(frontierStateKey('audit'));
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
    expect(second.root()).toEqual(first.root());
    expect(second.latestCheckpoint?.jws).toBe(first.latestCheckpoint?.jws);

    // It resumed from the frontier state: no segment was read again. A replay starts at the checkpointed size;
    // a record placed below it is refused (the writer keeps the tree's edge, not its leaves).
    expect(() =>
      second.append([{ ...records(9, 10)[0]!, position: { leafIndex: 9, leafHash: placed[9]!.leafHash } }]),
    ).toThrow(LeafConflictError);
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

  it('finishes a cut that stopped after its segment (before its checkpoint, or before its frontier state)', async () => {
    for (const failing of [checkpointKey('audit', 8), frontierStateKey('audit')]) {
      const { blobStore, options } = setup();
      let armed = false;
      const flaky: BlobStore = Object.assign(Object.create(blobStore) as BlobStore, {
        put: async (...args: Parameters<BlobStore['put']>) => {
          if (armed && args[0] === failing) throw new Error('S3 unavailable');
          return blobStore.put(...args);
        },
      });
      const writer = await AuditLogWriter.recover({ ...options, blobStore: flaky });
      writer.append(records(0, 4));
      await writer.checkpointIfDue();
      writer.append(records(4, 8));
      armed = true;
      await expect(writer.checkpointIfDue()).rejects.toThrow('S3 unavailable');
      expect(await blobStore.get(segmentKey('audit', 4, 8))).toBeDefined();
      const recovered = await AuditLogWriter.recover(options);
      expect(recovered.checkpointedSize).toBe(8);
      expect(recovered.latestCheckpoint).toMatchObject({
        size: 8,
        rootHash: toHex(rootOf(records(0, 8).map((r) => leafHash(canonicalRecord(r))))),
      });
      expect(await blobStore.get(checkpointKey('audit', 8))).toBeDefined();
      expect(decodeFrontierState((await blobStore.get(frontierStateKey('audit')))!).size).toBe(8);
    }
  });

  it('resumes from the frontier state without reading a segment, and refuses a state no checkpoint signs', async () => {
    const { blobStore, options } = setup();
    const writer = await AuditLogWriter.recover(options);
    writer.append(records(0, 8));
    await writer.flush();
    let reads = 0;
    const counting: BlobStore = Object.assign(Object.create(blobStore) as BlobStore, {
      get: async (key: string) => {
        if (key.startsWith('segments/')) reads += 1;
        return blobStore.get(key);
      },
    });
    const resumed = await AuditLogWriter.recover({ ...options, blobStore: counting });
    expect(reads).toBe(0);
    expect(resumed.root()).toEqual(writer.root());
    expect(resumed.lastCheckpointedLeafHash).toBe(toHex(leafHash(canonicalRecord(sampleAuditRecord(7)))));
    resumed.append(records(8, 9));
    expect(resumed.root()).toEqual(rootOf(records(0, 9).map((r) => leafHash(canonicalRecord(r)))));

    // A state whose edge was edited does not hash to its root; one whose root was edited too meets the signature.
    const edit = (change: (state: Record<string, unknown>) => void) =>
      blobStore.tamper(frontierStateKey('audit'), (bytes) => {
        const state = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
        change(state);
        return new TextEncoder().encode(JSON.stringify(state));
      });
    edit((state) => ((state.frontier as string[])[0] = '0'.repeat(64)));
    await expect(AuditLogWriter.recover(options)).rejects.toBeInstanceOf(LogCorruptError);
    edit((state) => (state.rootHash = toHex(rootOf([new Uint8Array(32)]))));
    await expect(AuditLogWriter.recover(options)).rejects.toBeInstanceOf(LogCorruptError);
  });

  it('rebuilds a log without frontier state from its segments, refusing a corrupt one and naming the leaf', async () => {
    const { blobStore, options } = setup();
    const writer = await AuditLogWriter.recover(options);
    writer.append(records(0, 8));
    await writer.flush();
    // Without frontier state (a log written before it existed) every segment is read and re-hashed, once: the
    // state is written for the next start.
    blobStore.remove(frontierStateKey('audit'));
    await AuditLogWriter.recover(options);
    expect(decodeFrontierState((await blobStore.get(frontierStateKey('audit')))!).size).toBe(8);
    blobStore.remove(frontierStateKey('audit'));
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
