import type { SignedCheckpoint } from '@sharehub/audit-log';

/**
 * The read side of the sequenced log, as a port: signed checkpoints and proofs for the IG API. `AuditLogReadModel`
 * implements it over what the sequencer persists (the checkpoints in the blob store, the index's leaf hashes), so
 * any audit instance answers it, whether or not it owns the partition (docs/adr/0064).
 *
 * @example
 *   const cp = await log.latestCheckpoint();
 *   const path = cp && leafIndex < cp.size ? await log.inclusionProof(leafIndex, cp.size) : undefined;
 */
export interface AuditLogReader {
  /** The latest signed checkpoint, if any was written. */
  latestCheckpoint(): Promise<SignedCheckpoint | undefined>;
  /** The signed checkpoint of exactly this tree size, if one was written. */
  checkpointOfSize(size: number): Promise<SignedCheckpoint | undefined>;
  /** The RFC 6962 audit path (hex hashes) of a leaf in the tree of `size` leaves. */
  inclusionProof(leafIndex: number, size: number): Promise<string[]>;
  /** The RFC 6962 consistency proof (hex hashes) between two tree sizes. */
  consistencyProof(fromSize: number, toSize: number): Promise<string[]>;
}
