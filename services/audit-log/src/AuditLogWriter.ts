import { importJWK, type CryptoKey, type JWK } from 'jose';
import { bytesEqual, fromHex, toHex } from './bytes.js';
import type { AuditRecordJson } from './canonicalRecord.js';
import { decodeCheckpoint, signCheckpoint, type SignedCheckpoint } from './checkpoint.js';
import { LeafConflictError, LogCorruptError } from './errors.js';
import {
  FRONTIER_STATE_CONTENT_TYPE,
  decodeFrontierState,
  encodeFrontierState,
  frontierStateKey,
} from './frontierState.js';
import { MerkleFrontier } from './merkle/MerkleFrontier.js';
import { ProofRangeError } from './errors.js';
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
  segmentStartPrefix,
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
  /**
   * Where a fault test may pause the writer (the kit's `FaultPoint`, docs/adr/0102-fault-points.md): after a
   * segment is stored and before its checkpoint, and after a checkpoint and before its frontier state.
   */
  readonly faultPoint?: (name: 'audit.segment.afterWrite' | 'audit.checkpoint.afterWrite') => Promise<void>;
}

/** Where a record went: its leaf index and hex leaf hash, its canonical JSON, and whether this call added it. */
export interface AppendedLeaf extends SegmentLeaf {
  readonly auditId: string;
  /** False when the record was already in the log at that index (an idempotent replay). */
  readonly isNew: boolean;
}

interface PendingLeaf extends SegmentLeaf {
  readonly digest: Uint8Array;
  readonly appendedAtMs: number;
}

/**
 * Sequences audit records into the Merkle log: `append` gives each record the next dense leaf index (in memory,
 * synchronous); `checkpointIfDue` and `flush` cut the waiting leaves into segments exactly at checkpoint
 * boundaries and write each segment, then its signed checkpoint. A record whose `position.leafIndex` is already in
 * the log is checked against it and skipped, and objects already stored are kept when their bytes are the ones
 * the writer would write, so a replay after a restart writes the same keys and bytes, without gaps or duplicates.
 * It keeps the tree's right edge (`MerkleFrontier`) and the leaves not yet in a segment, never every leaf hash;
 * after each checkpoint it stores that edge (`state/<logId>/frontier.json`), and `recover` resumes from it: the
 * same few reads after a year as after a day (docs/adr/0063). One writer per log.
 *
 * @example
 *   const writer = await AuditLogWriter.recover({ logId: 'audit', blobStore, clock, signingKey, checkpointEvery });
 *   const leaves = writer.append(records); // leaves[i].leafIndex, .leafHash for the index
 *   await writer.checkpointIfDue();
 */
export class AuditLogWriter {
  // The tree at the last checkpoint, and with every leaf appended since.
  private committed = MerkleFrontier.empty();
  private head = MerkleFrontier.empty();
  private lastLeaf: string | undefined;
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
   * Opens a log for writing. From its frontier state when there is one: checked against the signed checkpoint of
   * its size, then any segment written after it (a cut that stopped before its checkpoint or state) is read and
   * finished. Without one (an empty store, or a log written before the frontier state existed) the tree is rebuilt
   * from every stored segment, which throws `LogCorruptError` naming the leaf for a gap, an unreadable or
   * mis-hashed leaf, or a latest checkpoint that disagrees; the state is then written, so the next start resumes.
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
    return this.head.size;
  }

  /** How many leaves are in written segments under a signed checkpoint. */
  get checkpointedSize(): number {
    return this.checkpointed;
  }

  /** The checkpoint at `checkpointedSize`, if any. */
  get latestCheckpoint(): SignedCheckpoint | undefined {
    return this.latest;
  }

  /** The hex leaf hash of the last checkpointed leaf (`checkpointedSize - 1`), if any. */
  get lastCheckpointedLeafHash(): string | undefined {
    return this.lastLeaf;
  }

  /** The root hash of every leaf appended so far. */
  root(): Uint8Array {
    return this.head.root();
  }

  /** The root hash at `size`, from `checkpointedSize` to `size` (the writer keeps no earlier tree). */
  rootAt(size: number): Uint8Array {
    if (size === this.head.size) return this.head.root();
    if (!Number.isSafeInteger(size) || size < this.checkpointed || size > this.head.size)
      throw new ProofRangeError(
        `The writer has roots from size ${this.checkpointed} to ${this.head.size}, not ${size}`,
      );
    return this.frontierAt(size).root();
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
      const next = this.head.size + added.length;
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
        if (wanted < this.checkpointed)
          throw new LeafConflictError(
            wanted,
            `Record ${auditId}: leaf ${wanted} is checkpointed; a replay starts at ${this.checkpointed}`,
          );
        if (wanted < next) {
          const existing =
            wanted < this.head.size
              ? this.pending[wanted - this.checkpointed]!.leafHash
              : added[wanted - this.head.size]!.leafHash;
          if (existing !== hash)
            throw new LeafConflictError(
              wanted,
              `Leaf ${wanted} already holds another record than ${auditId}`,
            );
          planned.push({ leafIndex: wanted, leafHash: hash, recordJson, auditId, isNew: false });
          continue;
        }
        leafIndex = wanted;
      }
      const leaf = { leafIndex, leafHash: hash, recordJson };
      added.push({ ...leaf, digest, appendedAtMs: now });
      digests.push(digest);
      planned.push({ ...leaf, auditId, isNew: true });
    }
    digests.forEach((digest) => this.head.append(digest));
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

  // Segment first, then its checkpoint, then the frontier state: a checkpoint never names leaves that are not
  // stored, and the state never names a checkpoint that is not.
  private async cut(count: number): Promise<SignedCheckpoint> {
    const start = this.checkpointed;
    const end = start + count;
    const leaves = this.pending.slice(0, count);
    await this.putOnce(
      segmentKey(this.logId, start, end),
      encodeSegment(leaves),
      SEGMENT_CONTENT_TYPE,
      start,
    );
    await this.options.faultPoint?.('audit.segment.afterWrite');
    const frontier = this.frontierAt(end);
    const checkpoint = await this.checkpointAt(end, toHex(frontier.root()));
    await this.options.faultPoint?.('audit.checkpoint.afterWrite');
    await this.commit(frontier, leaves[count - 1]!.leafHash, checkpoint);
    this.pending.splice(0, count);
    return checkpoint;
  }

  // The tree at `size` (from checkpointedSize to size): the last checkpoint's with the waiting leaves before it.
  private frontierAt(size: number): MerkleFrontier {
    const frontier = this.committed.clone();
    for (let i = 0; i < size - this.checkpointed; i++) frontier.append(this.pending[i]!.digest);
    return frontier;
  }

  // Stores the frontier state of a checkpoint, then makes it the writer's.
  private async commit(
    frontier: MerkleFrontier,
    lastLeafHash: string,
    checkpoint: SignedCheckpoint,
  ): Promise<void> {
    const state = {
      logId: this.logId,
      size: frontier.size,
      rootHash: checkpoint.rootHash,
      lastLeafHash,
      frontier,
    };
    // Derived and overwritten at every checkpoint: no retention (verify never reads it).
    await this.options.blobStore.put(frontierStateKey(this.logId), encodeFrontierState(state), {
      contentType: FRONTIER_STATE_CONTENT_TYPE,
    });
    this.committed = frontier;
    this.checkpointed = frontier.size;
    this.lastLeaf = lastLeafHash;
    this.latest = checkpoint;
  }

  private async checkpointAt(size: number, rootHash: string): Promise<SignedCheckpoint> {
    const key = checkpointKey(this.logId, size);
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
    const stored = await this.options.blobStore.get(frontierStateKey(this.logId));
    if (stored) await this.resume(stored);
    else await this.rebuildFromSegments();
    await this.finishCuts();
  }

  // Resumes from the frontier state, trusting it only as far as the signed checkpoint of its size agrees.
  private async resume(bytes: Uint8Array): Promise<void> {
    let state;
    try {
      state = decodeFrontierState(bytes);
    } catch (cause) {
      throw new LogCorruptError('The frontier state cannot be read; run verify', undefined, { cause });
    }
    const stored = await this.options.blobStore.get(checkpointKey(this.logId, state.size));
    const checkpoint = stored && readCheckpoint(stored, state.size);
    if (state.logId !== this.logId || !checkpoint || checkpoint.rootHash !== state.rootHash)
      throw new LogCorruptError(
        `The frontier state at size ${state.size} does not match a stored checkpoint; run verify`,
        undefined,
      );
    this.committed = state.frontier;
    this.head = state.frontier.clone();
    this.checkpointed = state.size;
    this.lastLeaf = state.lastLeafHash;
    this.latest = checkpoint;
  }

  // A cut may have stopped after its segment (before its checkpoint or frontier state): read that one segment
  // back and finish it. At most one segment starts at the checkpointed size, and one listing finds it.
  private async finishCuts(): Promise<void> {
    const { blobStore } = this.options;
    for (;;) {
      const start = this.checkpointed;
      const key = (await blobStore.list(segmentStartPrefix(this.logId, start))).find(
        (k) => parseSegmentKey(this.logId, k)?.start === start,
      );
      if (!key) return;
      const range = parseSegmentKey(this.logId, key)!;
      const frontier = this.committed.clone();
      let lastLeafHash = '';
      await this.readSegment(key, range, (leafHash) => {
        frontier.append(fromHex(leafHash)!);
        lastLeafHash = leafHash;
      });
      const checkpoint = await this.checkpointAt(range.end, toHex(frontier.root()));
      await this.commit(frontier, lastLeafHash, checkpoint);
      this.head = frontier.clone();
    }
  }

  // Every leaf of a segment, checked in place and against its own hash, in order.
  private async readSegment(
    key: string,
    range: { start: number; end: number },
    each: (leafHash: string) => void,
  ): Promise<void> {
    const bytes = await this.options.blobStore.get(key);
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
      each(line.leafHash);
    }
    if (lines.length !== range.end - range.start)
      throw new LogCorruptError(`Segment ${key} holds more lines than its range`, range.end);
  }

  // A log without frontier state (empty, or written before it existed): every segment read and re-hashed once.
  private async rebuildFromSegments(): Promise<void> {
    const { blobStore } = this.options;
    const sizes = (await blobStore.list(checkpointPrefix(this.logId)))
      .map((key) => parseCheckpointKey(this.logId, key))
      .filter((size): size is number => size !== undefined);
    const latestSize = Math.max(-1, ...sizes);
    const segments = (await blobStore.list(segmentPrefix(this.logId)))
      .map((key) => ({ key, range: parseSegmentKey(this.logId, key) }))
      .filter((s): s is { key: string; range: { start: number; end: number } } => s.range !== undefined)
      .sort((a, b) => a.range.start - b.range.start);
    const frontier = MerkleFrontier.empty();
    let rootAtLatest: string | undefined;
    let lastLeafHash: string | undefined;
    for (const { key, range } of segments) {
      if (range.start !== frontier.size)
        throw new LogCorruptError(
          `Segment ${key} starts at ${range.start}, not ${frontier.size}`,
          frontier.size,
        );
      await this.readSegment(key, range, (leafHash) => {
        frontier.append(fromHex(leafHash)!);
        lastLeafHash = leafHash;
        if (frontier.size === latestSize) rootAtLatest = toHex(frontier.root());
      });
    }
    if (latestSize > frontier.size)
      throw new LogCorruptError(
        `A checkpoint names ${latestSize} leaves; the segments hold ${frontier.size}`,
        frontier.size,
      );
    if (latestSize >= 1) {
      const stored = await blobStore.get(checkpointKey(this.logId, latestSize));
      const checkpoint = stored && readCheckpoint(stored, latestSize);
      if (!checkpoint || checkpoint.rootHash !== rootAtLatest)
        throw new LogCorruptError(
          `The checkpoint at size ${latestSize} does not match the segments`,
          undefined,
        );
    }
    this.head = frontier.clone();
    if (frontier.size === 0) return;
    // The last flush may have stopped after its segment and before its checkpoint: finish it, and write the
    // frontier state so that the next start resumes from it.
    const checkpoint = await this.checkpointAt(frontier.size, toHex(frontier.root()));
    await this.commit(frontier, lastLeafHash!, checkpoint);
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
