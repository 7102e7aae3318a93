import { emptyRoot } from './emptyRoot.js';
import { nodeHash } from './nodeHash.js';
import { splitPoint } from './treeMath.js';

/**
 * RFC 6962 section 2.1 Merkle Tree Hash of a list of leaf hashes, by the definition: split at the largest power of
 * two below n and hash the two halves. The reference the incremental `MerkleLog` is tested against.
 */
export function rootOf(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return emptyRoot();
  return mth(leafHashes, 0, leafHashes.length);
}

function mth(leaves: readonly Uint8Array[], start: number, n: number): Uint8Array {
  if (n === 1) return leaves[start]!;
  const k = splitPoint(n);
  return nodeHash(mth(leaves, start, k), mth(leaves, start + k, n - k));
}
