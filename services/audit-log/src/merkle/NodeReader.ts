/**
 * A perfect subtree of the log: the root of leaves [index * 2^level, (index + 1) * 2^level). Level 0 nodes are the
 * leaf hashes. The same numbering as transparency-dev/merkle `compact.NodeID`.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/**
 * What a proof is made of before any hash is read: one element per proof hash, each the left-to-right list of
 * perfect subtrees whose RFC 6962 hash (folded right to left) is that element. Most elements are one node; an
 * element on the ragged right edge of the tree is several.
 */
export type ProofPlan = readonly (readonly NodeId[])[];

/**
 * Reads the hash of a complete (perfect) subtree, so proofs can be built over hashes held anywhere.
 *
 * @example
 *   const reader: NodeReader = { nodeHash: (level, index) => levels[level][index] };
 *   const proof = inclusionProof(5, 8, reader);
 */
export interface NodeReader {
  nodeHash(level: number, index: number): Uint8Array;
}

/**
 * Reads many perfect-subtree hashes at once (e.g. one database query), in the order asked.
 *
 * @example
 *   const reader: AsyncNodeReader = { nodeHashes: (ids) => db.selectNodes(ids) };
 *   const proof = await materialiseProofAsync(inclusionProofPlan(5, 8), reader);
 */
export interface AsyncNodeReader {
  nodeHashes(ids: readonly NodeId[]): Promise<readonly Uint8Array[]>;
}
