import {
  ProofRangeError,
  checkpointKey,
  consistencyProofPlan,
  decodeCheckpoint,
  inclusionProofPlan,
  materialiseProofAsync,
  toHex,
  type BlobStore,
  type SignedCheckpoint,
} from '@sharehub/audit-log';
import type { AuditIndex } from '../index/AuditIndex.js';
import type { AuditLogReader } from './AuditLogReader.js';
import { IndexNodeReader } from './IndexNodeReader.js';
import { latestCheckpointKey } from './latestCheckpointKey.js';

/** What the read model is built from: what the writer persists, never the writer itself. */
export interface AuditLogReadModelDeps {
  readonly logId: string;
  /** The bucket the writer keeps segments, checkpoints and the frontier state in. */
  readonly blobStore: BlobStore;
  /** The index the writer appends to (proofs are computed from its leaf hashes). */
  readonly index: Pick<AuditIndex, 'leafHashes' | 'size'>;
  /** How long the latest checkpoint read from the bucket is answered before it is read again (ms; default 1,000). */
  readonly refreshMs?: number;
}

const decoder = new TextDecoder();

/**
 * The read side of the audit log (docs/adr/0064): signed checkpoints from the bucket (the latest through the frontier
 * state the writer keeps beside them) and RFC 6962 proofs from the index's leaf hashes. It holds nothing the writer
 * holds, so it answers in any audit instance, whether or not it owns the `audit.record` partition, and before the
 * writer has recovered. A writer in the same process may hand it the checkpoints it signs (`noteCheckpoints`) so
 * they are answered at once; another instance's are read within `refreshMs`. The latest checkpoint never goes back.
 *
 * @example
 *   const log = new AuditLogReadModel({ logId: 'audit', blobStore, index });
 *   const cp = await log.latestCheckpoint();
 *   const path = cp && await log.inclusionProof(leafIndex, cp.size);
 */
export class AuditLogReadModel implements AuditLogReader {
  private latest: SignedCheckpoint | undefined;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;
  private readonly nodes: IndexNodeReader;

  constructor(private readonly deps: AuditLogReadModelDeps) {
    this.nodes = new IndexNodeReader(deps.index);
  }

  async latestCheckpoint(): Promise<SignedCheckpoint | undefined> {
    if (performance.now() - this.readAt >= (this.deps.refreshMs ?? 1_000)) {
      this.reading ??= this.readLatest().finally(() => (this.reading = undefined));
      await this.reading;
    }
    return this.latest;
  }

  /** Takes checkpoints a writer of this log just signed (later ones replace the latest; earlier ones are ignored). */
  noteCheckpoints(checkpoints: readonly SignedCheckpoint[]): void {
    for (const checkpoint of checkpoints)
      if (checkpoint.logId === this.deps.logId && checkpoint.size > (this.latest?.size ?? 0))
        this.latest = checkpoint;
  }

  async checkpointOfSize(size: number): Promise<SignedCheckpoint | undefined> {
    if (!Number.isSafeInteger(size) || size < 1) return undefined;
    if (this.latest?.size === size) return this.latest;
    return this.storedCheckpoint(checkpointKey(this.deps.logId, size), size);
  }

  /** Computed from the index's leaf hashes (`IndexNodeReader`); every leaf of the log is in the index. */
  async inclusionProof(leafIndex: number, size: number): Promise<string[]> {
    await this.checkSize(size);
    return (await materialiseProofAsync(inclusionProofPlan(leafIndex, size), this.nodes)).map(toHex);
  }

  async consistencyProof(fromSize: number, toSize: number): Promise<string[]> {
    await this.checkSize(toSize);
    return (await materialiseProofAsync(consistencyProofPlan(fromSize, toSize), this.nodes)).map(toHex);
  }

  private async checkSize(size: number): Promise<void> {
    const held = await this.deps.index.size();
    if (size > held) throw new ProofRangeError(`No tree of size ${size}: the log holds ${held} leaves`);
  }

  private async readLatest(): Promise<void> {
    const key = await latestCheckpointKey(this.deps.blobStore, this.deps.logId);
    const found = key ? await this.storedCheckpoint(key) : undefined;
    this.readAt = performance.now();
    if (found) this.noteCheckpoints([found]);
  }

  // A stored checkpoint of this log (and of `size`, when given); its signature is the reader's to verify.
  private async storedCheckpoint(key: string, size?: number): Promise<SignedCheckpoint | undefined> {
    const bytes = await this.deps.blobStore.get(key);
    if (!bytes) return undefined;
    const checkpoint = decodeCheckpoint(decoder.decode(bytes));
    return checkpoint.logId === this.deps.logId && (size === undefined || checkpoint.size === size)
      ? checkpoint
      : undefined;
  }
}
