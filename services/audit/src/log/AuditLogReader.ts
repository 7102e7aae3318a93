/** A signed checkpoint as the API shows it: the tree size, its root, and the signed form a verifier checks. */
export interface CheckpointView {
  readonly treeSize: number;
  /** Hex SHA-256 Merkle tree hash of the first `treeSize` leaves. */
  readonly rootHash: string;
  readonly [field: string]: unknown;
}

/**
 * The read side of the sequenced log, as a port: checkpoints and proofs for the IG API. The sequencer implements
 * it over its in-memory tree.
 *
 * @example
 *   const cp = await log.latestCheckpoint();
 *   const proof = cp && leafIndex < cp.treeSize ? await log.inclusionProof(leafIndex, cp.treeSize) : undefined;
 */
export interface AuditLogReader {
  /** The latest signed checkpoint, if any was written. */
  latestCheckpoint(): Promise<CheckpointView | undefined>;
  /** The signed checkpoint of exactly this tree size, if one was written. */
  checkpointOfSize(treeSize: number): Promise<CheckpointView | undefined>;
  /** The RFC 6962 audit path (hex hashes) of a leaf in the tree of `treeSize` leaves. */
  inclusionProof(leafIndex: number, treeSize: number): Promise<string[]>;
  /** The RFC 6962 consistency proof (hex hashes) between two tree sizes. */
  consistencyProof(fromSize: number, toSize: number): Promise<string[]>;
}
