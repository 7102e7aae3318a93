import { bytesEqual } from '../bytes.js';
import { HASH_BYTES } from './leafHash.js';
import { nodeHash } from './nodeHash.js';
import { isCount } from './treeMath.js';

/**
 * The root an inclusion proof leads to (RFC 9162 section 2.1.3.2 steps 1-4), or `undefined` when the proof cannot
 * be for that index and size (wrong length, an index past the size, a hash of the wrong length).
 */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!isCount(leafIndex) || !isCount(treeSize) || leafIndex >= treeSize) return undefined;
  if (leafHash.byteLength !== HASH_BYTES || proof.some((p) => p.byteLength !== HASH_BYTES)) return undefined;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

/** RFC 9162 section 2.1.3.2: true when `proof` shows leaf `leafIndex` with `leafHash` is in the tree with `root`. */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  return computed !== undefined && bytesEqual(computed, root);
}
