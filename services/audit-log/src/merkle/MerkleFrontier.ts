import { ProofRangeError } from '../errors.js';
import { HASH_BYTES } from './leafHash.js';
import type { NodeId } from './NodeReader.js';
import { emptyRoot } from './emptyRoot.js';
import { nodeHash } from './nodeHash.js';
import { isCount, perfectNodes } from './treeMath.js';

/**
 * The right edge of an RFC 6962 tree of `size` leaves: the roots of its perfect subtrees, left to right (one per
 * set bit of `size`, so at most 53), as transparency-dev/merkle's compact range [0, size). Enough to append and to
 * compute the root; about 1.6 KB whatever the size of the log, so it is what the writer keeps and persists.
 */
export class MerkleFrontier {
  private constructor(
    private count: number,
    private readonly hashes: Uint8Array[],
  ) {}

  /** The frontier of the empty tree. */
  static empty(): MerkleFrontier {
    return new MerkleFrontier(0, []);
  }

  /** A frontier from its size and its perfect subtree roots, left to right (as `hashes()` gives them). */
  static of(size: number, hashes: readonly Uint8Array[]): MerkleFrontier {
    if (!isCount(size)) throw new ProofRangeError(`${size} is not a tree size`);
    const expected = perfectNodes(0, size).length;
    if (hashes.length !== expected || hashes.some((h) => h.byteLength !== HASH_BYTES))
      throw new ProofRangeError(
        `A tree of size ${size} has ${expected} frontier hashes of ${HASH_BYTES} bytes`,
      );
    return new MerkleFrontier(
      size,
      hashes.map((h) => Uint8Array.from(h)),
    );
  }

  /** How many leaves the tree holds. */
  get size(): number {
    return this.count;
  }

  /** Appends one leaf hash: about one node hash on average. */
  append(leafHash: Uint8Array): void {
    this.hashes.push(Uint8Array.from(leafHash));
    this.count += 1;
    // Each trailing zero bit of the new size completes a subtree: merge the two rightmost roots.
    for (let c = this.count; c % 2 === 0; c /= 2) {
      const right = this.hashes.pop()!;
      const left = this.hashes.pop()!;
      this.hashes.push(nodeHash(left, right));
    }
  }

  /** The RFC 6962 root hash of the tree. */
  root(): Uint8Array {
    if (this.hashes.length === 0) return emptyRoot();
    let acc = this.hashes[this.hashes.length - 1]!;
    for (let i = this.hashes.length - 2; i >= 0; i--) acc = nodeHash(this.hashes[i]!, acc);
    return Uint8Array.from(acc);
  }

  /** The perfect subtrees, left to right, with their hashes (copies). */
  nodes(): (NodeId & { readonly hash: Uint8Array })[] {
    return perfectNodes(0, this.count).map((node, i) => ({ ...node, hash: this.hashes[i]!.slice() }));
  }

  /** The perfect subtree roots, left to right (copies). */
  hashesLeftToRight(): Uint8Array[] {
    return this.hashes.map((h) => h.slice());
  }

  /** An independent copy. */
  clone(): MerkleFrontier {
    return new MerkleFrontier(this.count, this.hashesLeftToRight());
  }
}
