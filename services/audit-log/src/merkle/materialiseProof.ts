import type { AsyncNodeReader, NodeReader, ProofPlan } from './NodeReader.js';
import { nodeHash } from './nodeHash.js';

/** The proof hashes of a plan, read through a synchronous reader (the in-memory `MerkleLog`). */
export function materialiseProof(plan: ProofPlan, reader: NodeReader): Uint8Array[] {
  return plan.map((nodes) => fold(nodes.map((n) => reader.nodeHash(n.level, n.index))));
}

/** The proof hashes of a plan, with every node read in one call (a database, say). */
export async function materialiseProofAsync(plan: ProofPlan, reader: AsyncNodeReader): Promise<Uint8Array[]> {
  const hashes = await reader.nodeHashes(plan.flat());
  let at = 0;
  return plan.map((nodes) => {
    const group = hashes.slice(at, at + nodes.length);
    at += nodes.length;
    if (group.length !== nodes.length) throw new RangeError('the node reader returned too few hashes');
    return fold(group);
  });
}

// A ragged right-edge subtree: its perfect parts hashed together from the right (RFC 6962 MTH).
function fold(hashes: readonly Uint8Array[]): Uint8Array {
  let acc = hashes[hashes.length - 1];
  if (acc === undefined) throw new RangeError('empty proof element');
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc);
  return acc;
}
