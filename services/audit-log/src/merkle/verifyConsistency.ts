import { bytesEqual } from '../bytes.js';
import { HASH_BYTES } from './leafHash.js';
import { nodeHash } from './nodeHash.js';
import { isCount } from './treeMath.js';

/**
 * RFC 9162 section 2.1.4.2: true when `proof` shows the tree of `size1` leaves with `root1` is a prefix of the tree
 * of `size2` leaves with `root2`. Equal sizes need an empty proof and equal roots; size 0 needs an empty proof.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isCount(size1) || !isCount(size2) || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2);
  if (size1 === 0) return proof.length === 0;
  // 1. An empty path fails.
  if (proof.length === 0) return false;
  if ([root1, root2, ...proof].some((h) => h.byteLength !== HASH_BYTES)) return false;
  // 2. If first is an exact power of 2, prepend first_hash.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  // 3-4. fn = first - 1, sn = second - 1; shift both while LSB(fn) is set.
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5. fr = sr = the first value.
  let fr = path[0]!;
  let sr = path[0]!;
  // 6. For each subsequent value c.
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 7. fr = first_hash, sr = second_hash, sn = 0.
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}

function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}
