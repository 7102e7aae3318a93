import { importJWK, type CryptoKey, type JWK } from 'jose';
import { bytesEqual, fromHex, toHex } from './bytes.js';
import type { AuditRecordJson } from './canonicalRecord.js';
import { decodeCheckpoint, signCheckpoint, type SignedCheckpoint } from './checkpoint.js';
import { LeafConflictError, LogCorruptError } from './errors.js';
import { MerkleLog } from './merkle/MerkleLog.js';
import { prepareLeaf, type PreparedLeaf } from './prepareLeaf.js';
import type { BlobStore, Clock } from './ports.js';
import {
  CHECKPOINT_CONTENT_TYPE,
  SEGMENT_CONTENT_TYPE,
  checkpointKey,
  checkpointPrefix,
  decodeSegment,
  encodeSegment,
  parseCheckpointKey,
  parseSegmentKey,
  segmentKey,
  segmentPrefix,
  type SegmentLeaf,
} from './segment.js';

const encoder = new TextEncoder();

/** When a checkpoint is due: once `leaves` leaves wait, or once the oldest waiting leaf is `seconds` old. */
export interface CheckpointPolicy {
  readonly leaves: number;
  readonly seconds: number;
}

/** Everything the writer needs: the log, its store and clock, the signing key, the checkpoint policy. */
export interface AuditLogWriterOptions {
  readonly logId: string;
  readonly blobStore: BlobStore;
  readonly clock: Clock;
  /** The Ed25519 private key (JWK or CryptoKey) and the `kid` checkpoints name it by. */
  readonly signingKey: { readonly kid: string; readonly privateKey: JWK | CryptoKey };
  readonly checkpointEvery: CheckpointPolicy;
  /** Object Lock retention for each object written, from the time of writing; none when absent. */
  readonly retainUntil?: (now: Date) => Date | undefined;
}

/** Where a record went: its leaf index and hex leaf hash, its canonical JSON, and whether this call added it. */
export interface AppendedLeaf extends SegmentLeaf {
  readonly auditId: string;
  /** False when the record was already in the log at that index (an idempotent replay). */
  readonly isNew: boolean;
}

interface PendingLeaf extends SegmentLeaf {
  readonly appendedAtMs: number;
}

/**
 * Sequences audit records into the Merkle log: `append` gives each record the next dense leaf index (in memory,
 * synchronous); `checkpointIfDue` and `flush` cut the waiting leaves into segments exactly at checkpoint
 * boundaries and write each segment, then its signed checkpoint. A record whose `position.leafIndex` is already in
 * the log is checked against it and skipped, and objects already stored are kept when their bytes are the ones
 * the writer would write, so a replay after a restart writes the same keys and bytes, without gaps or duplicates.
 * One writer per log.
 *
 * @example
 *   const writer = await AuditLogWriter.recover({ logId: 'audit', blobStore, clock, signingKey, checkpointEvery });
 *   const leaves = writer.append(records); // leaves[i].leafIndex, .leafHash for the index
 *   await writer.checkpointIfDue();
 */
export class AuditLogWriter {
  private readonly tree = new MerkleLog();
  private pending: PendingLeaf[] = [];
  private checkpointed = 0;
  private latest: SignedCheckpoint | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: AuditLogWriterOptions,
    private readonly privateKey: CryptoKey,
  ) {
    const { leaves, seconds } = options.checkpointEvery;
    if (!Number.isSafeInteger(leaves) || leaves < 1)
      throw new RangeError('checkpointEvery.leaves is at least 1');
    if (!(seconds > 0)) throw new RangeError('checkpointEvery.seconds is above 0');
    segmentPrefix(options.logId);
  }

  /**
   * Opens a log for writing, rebuilding the tree from its stored segments (empty store: an empty log). Finishes a
   * flush that stopped between a segment and its checkpoint; throws `LogCorruptError` naming the leaf when the
   * segments have a gap, an unreadable or mis-hashed leaf, or disagree with the latest checkpoint.
   */
  static async recover(options: AuditLogWriterOptions): Promise<AuditLogWriter> {
    const { privateKey } = options.signingKey;
    const key = isJwk(privateKey) ? ((await importJWK(privateKey, 'EdDSA')) as CryptoKey) : privateKey;
    const writer = new AuditLogWriter(options, key);
    await writer.rebuild();
    return writer;
  }

  /** The log's id. */
  get logId(): string {
    return this.options.logId;
  }

  /** How many leaves the log holds, checkpointed or waiting. */
  get size(): number {
    return this.tree.size;
  }

  /** How many leaves are in written segments under a signed checkpoint. */
  get checkpointedSize(): number {
    return this.checkpointed;
  }

  /** The checkpoint at `checkpointedSize`, if any. */
  get latestCheckpoint(): SignedCheckpoint | undefined {
    return this.latest;
  }

  /** The in-memory tree, for roots and proofs (its size includes leaves not yet checkpointed). */
  get merkleLog(): MerkleLog {
    return this.tree;
  }

  /**
   * Appends records in order, all or none. A record without `position.leafIndex` takes the next index; one with
   * it must name the next index, or an index already holding the same leaf (skipped, `isNew: false`); anything
   * else is a `LeafConflictError`, as is a `position.leafHash` that is not the record's.
   */
  append(records: readonly AuditRecordJson[]): AppendedLeaf[] {
    return this.appendPrepared(
      records.map((record) => {
        const prepared = prepareLeaf(record);
        const position = record.position as { leafIndex?: unknown; leafHash?: unknown } | null | undefined;
        return position ? { ...prepared, position } : prepared;
      }),
    );
  }

  /**
   * Appends leaves already canonicalised and hashed (`prepareLeaf`), in order, all or none; `position`, when
   * given, is checked as `append` checks a record's.
   */
  appendPrepared(
    leaves: readonly (PreparedLeaf & { readonly position?: { leafIndex?: unknown; leafHash?: unknown } })[],
  ): AppendedLeaf[] {
    const now = this.options.clock.now().getTime();
    const planned: AppendedLeaf[] = [];
    const added: PendingLeaf[] = [];
    const digests: Uint8Array[] = [];
    for (const prepared of leaves) {
      const { recordJson, digest, leafHash: hash, auditId, position } = prepared;
      const next = this.tree.size + added.length;
      const wanted = position?.leafIndex;
      if (typeof position?.leafHash === 'string' && position.leafHash !== hash)
        throw new LeafConflictError(
          typeof wanted === 'number' ? wanted : next,
          `Record ${auditId}: position.leafHash is not the hash of the record`,
        );
      let leafIndex = next;
      if (wanted !== undefined && wanted !== null) {
        if (typeof wanted !== 'number' || !Number.isSafeInteger(wanted) || wanted < 0 || wanted > next)
          throw new LeafConflictError(
            typeof wanted === 'number' ? wanted : next,
            `Record ${auditId}: position.leafIndex ${JSON.stringify(wanted)} is not in the log and not the next index ${next}`,
          );
        if (wanted < next) {
          const existing =
            wanted < this.tree.size
              ? toHex(this.tree.leafHash(wanted))
              : added[wanted - this.tree.size]!.leafHash;
          if (existing !== hash)
            throw new LeafConflictError(wanted, `Leaf ${wanted} already holds another record than ${auditId}`);
          planned.push({ leafIndex: wanted, leafHash: hash, recordJson, auditId, isNew: false });
          continue;
        }
        leafIndex = wanted;
      }
      const leaf = { leafIndex, leafHash: hash, recordJson };
      added.push({ ...leaf, appendedAtMs: now });
      digests.push(digest);
      planned.push({ ...leaf, auditId, isNew: true });
    }
    digests.forEach((digest) => this.tree.append(digest));
    for (const leaf of added) this.pending.push(leaf); // not push(...added): a batch may be longer than the arguments limit
    return planned;
  }

  /** Writes every segment that is due (full ones of `leaves` leaves, then the rest once it is `seconds` old). */
  checkpointIfDue(): Promise<SignedCheckpoint[]> {
    return this.serially(() => this.writeDue(false));
  }

  /** Writes every waiting leaf now: full segments, then one for the rest, each followed by its checkpoint. */
  flush(): Promise<SignedCheckpoint[]> {
    return this.serially(() => this.writeDue(true));
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async writeDue(force: boolean): Promise<SignedCheckpoint[]> {
    const { leaves, seconds } = this.options.checkpointEvery;
    const written: SignedCheckpoint[] = [];
    while (this.pending.length >= leaves) written.push(await this.cut(leaves));
    const oldest = this.pending[0];
    if (oldest && (force || this.options.clock.now().getTime() - oldest.appendedAtMs >= seconds * 1000))
      written.push(await this.cut(this.pending.length));
    return written;
  }

  // Segment first, then its checkpoint: a checkpoint never names leaves that are not stored.
  private async cut(count: number): Promise<SignedCheckpoint> {
    const start = this.checkpointed;
    const end = start + count;
    const bytes = encodeSegment(this.pending.slice(0, count));
    await this.putOnce(segmentKey(this.logId, start, end), bytes, SEGMENT_CONTENT_TYPE, start);
    const checkpoint = await this.checkpointAt(end);
    this.pending.splice(0, count);
    this.checkpointed = end;
    this.latest = checkpoint;
    return checkpoint;
  }

  private async checkpointAt(size: number): Promise<SignedCheckpoint> {
    const key = checkpointKey(this.logId, size);
    const rootHash = toHex(this.tree.rootAt(size));
    const stored = await this.options.blobStore.get(key);
    if (stored) {
      // A replay: the checkpoint signed the first time stands, if it names the same root.
      const existing = readCheckpoint(stored, size);
      if (existing.logId !== this.logId || existing.size !== size || existing.rootHash !== rootHash)
        throw new LeafConflictError(size - 1, `The stored checkpoint at size ${size} names another root`);
      return existing;
    }
    const timestamp = this.options.clock.now().toISOString();
    const checkpoint = { logId: this.logId, size, rootHash, timestamp };
    const jws = await signCheckpoint(checkpoint, this.privateKey, this.options.signingKey.kid);
    await this.options.blobStore.put(key, encoder.encode(jws), this.putOptions(CHECKPOINT_CONTENT_TYPE));
    return { ...checkpoint, kid: this.options.signingKey.kid, jws };
  }

  private async putOnce(
    key: string,
    bytes: Uint8Array,
    contentType: string,
    firstLeaf: number,
  ): Promise<void> {
    const stored = await this.options.blobStore.get(key);
    if (stored) {
      if (bytesEqual(stored, bytes)) return;
      throw new LeafConflictError(
        firstLeaf,
        `The stored object ${key} holds other bytes than this log's leaves`,
      );
    }
    await this.options.blobStore.put(key, bytes, this.putOptions(contentType));
  }

  private putOptions(contentType: string): { contentType: string; retainUntil?: Date } {
    const retainUntil = this.options.retainUntil?.(this.options.clock.now());
    return retainUntil ? { contentType, retainUntil } : { contentType };
  }

  private async rebuild(): Promise<void> {
    const { blobStore } = this.options;
    const segments = (await blobStore.list(segmentPrefix(this.logId)))
      .map((key) => ({ key, range: parseSegmentKey(this.logId, key) }))
      .filter((s): s is { key: string; range: { start: number; end: number } } => s.range !== undefined)
      .sort((a, b) => a.range.start - b.range.start);
    for (const { key, range } of segments) {
      if (range.start !== this.tree.size)
        throw new LogCorruptError(
          `Segment ${key} starts at ${range.start}, not ${this.tree.size}`,
          this.tree.size,
        );
      const bytes = await blobStore.get(key);
      if (!bytes) throw new LogCorruptError(`Segment ${key} cannot be read`, range.start);
      const lines = decodeSegment(bytes);
      for (let i = 0; i < range.end - range.start; i++) {
        const expected = range.start + i;
        const line = lines[i];
        if (!line) throw new LogCorruptError(`Leaf ${expected} is missing from ${key}`, expected);
        if (!line.ok)
          throw new LogCorruptError(`Leaf ${expected} in ${key} is unreadable: ${line.reason}`, expected);
        if (line.leafIndex !== expected || line.leafHash !== line.computedLeafHash)
          throw new LogCorruptError(
            `Leaf ${expected} in ${key} is out of place or does not match its hash`,
            expected,
          );
        this.tree.append(fromHex(line.leafHash)!);
      }
      if (lines.length !== range.end - range.start)
        throw new LogCorruptError(`Segment ${key} holds more lines than its range`, range.end);
    }
    const sizes = (await blobStore.list(checkpointPrefix(this.logId)))
      .map((key) => parseCheckpointKey(this.logId, key))
      .filter((size): size is number => size !== undefined);
    const latestSize = Math.max(-1, ...sizes);
    if (latestSize > this.tree.size)
      throw new LogCorruptError(
        `A checkpoint names ${latestSize} leaves; the segments hold ${this.tree.size}`,
        this.tree.size,
      );
    if (latestSize >= 0) {
      const stored = await blobStore.get(checkpointKey(this.logId, latestSize));
      const checkpoint = stored && readCheckpoint(stored, latestSize);
      if (!checkpoint || !bytesEqual(fromHex(checkpoint.rootHash)!, this.tree.rootAt(latestSize)))
        throw new LogCorruptError(
          `The checkpoint at size ${latestSize} does not match the segments`,
          undefined,
        );
    }
    this.checkpointed = this.tree.size;
    // The last flush may have stopped after its segment and before its checkpoint: finish it.
    if (this.tree.size > 0) this.latest = await this.checkpointAt(this.tree.size);
  }
}

function isJwk(key: JWK | CryptoKey): key is JWK {
  return 'kty' in key;
}

// A stored checkpoint, read without its signature (the writer only needs its root; `verifyLog` checks signatures).
function readCheckpoint(bytes: Uint8Array, size: number): SignedCheckpoint {
  try {
    return decodeCheckpoint(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new LogCorruptError(`The stored checkpoint at size ${size} cannot be read`, undefined, { cause });
  }
}
