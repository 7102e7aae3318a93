import type { AuditLogReader, CheckpointView } from './AuditLogReader.js';

/**
 * The Merkle log the sequencer writes, as a port: leaves appended in memory, then a segment of the new leaves and
 * a signed checkpoint written to the blob store, idempotently on leaf index. The real one wraps
 * `@sharehub/audit-log`'s writer over a BlobStore (`createLeafLog`).
 *
 * @example
 *   await log.recover();                                  // the tree as the store holds it
 *   const { leafIndex, leafHash } = log.append(bytes);    // in memory until the next checkpoint
 *   if (log.size() - log.checkpointedSize() >= 1000) await log.checkpoint();
 */
export interface LeafLog extends AuditLogReader {
  /** Leaves in the log, checkpointed or not. */
  size(): number;
  /** Leaves covered by the latest checkpoint in the store. */
  checkpointedSize(): number;
  /** Rebuilds the tree from the store (segments and latest checkpoint), dropping leaves not yet checkpointed. */
  recover(): Promise<void>;
  /** Appends one leaf: the record's canonical bytes. */
  append(leaf: Uint8Array): { leafIndex: number; leafHash: string };
  /** The hex leaf hash at an index. */
  leafHash(leafIndex: number): string;
  /** Writes the segment of leaves since the last checkpoint and a signed checkpoint of the whole tree. */
  checkpoint(): Promise<CheckpointView>;
  /** The leaf bytes the store holds for [from, to) (to rebuild an index that fell behind). */
  storedLeaves(from: number, to: number): Promise<Uint8Array[]>;
}
