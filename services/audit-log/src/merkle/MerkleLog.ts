import { ProofRangeError } from '../errors.js';
import { HashArray } from './HashArray.js';
import type { NodeReader } from './NodeReader.js';
import { consistencyProof } from './consistencyProof.js';
import { emptyRoot } from './emptyRoot.js';
import { inclusionProof } from './inclusionProof.js';
import { nodeHash } from './nodeHash.js';
import { isCount, perfectNodes } from './treeMath.js';

/**
 * An append-only RFC 6962 Merkle tree held in memory: every complete subtree hash, level by level, so appending is
 * O(1) amortised (one node hash on average), the root at any earlier size is O(log n), and proofs read stored
 * nodes only. About 64 bytes per leaf.
 */
export class MerkleLog implements NodeReader {
  // levels[l][i] is the hash of the perfect subtree over leaves [i * 2^l, (i + 1) * 2^l).
  private readonly levels: HashArray[] = [new HashArray()];

  /** How many leaves the log holds. */
  get size(): number {
    return this.levels[0]!.length;
  }

  /** Appends one leaf hash; returns its leaf index. */
  append(leafHash: Uint8Array): number {
    const index = this.size;
    this.levels[0]!.push(leafHash);
    // Each time a level gains a right child, its parent subtree is complete.
    let level = 0;
    let count = index + 1;
    while (count % 2 === 0) {
      const below = this.levels[level]!;
      const parent = nodeHash(below.at(count - 2), below.at(count - 1));
      if (this.levels[level + 1] === undefined) this.levels.push(new HashArray());
      this.levels[level + 1]!.push(parent);
      level += 1;
      count /= 2;
    }
    return index;
  }

  /** The stored hash of leaf `index` (a copy). */
  leafHash(index: number): Uint8Array {
    return this.levels[0]!.at(index).slice();
  }

  /** The hash of the complete subtree (level, index) (a copy); throws when that subtree is not complete yet. */
  nodeHash(level: number, index: number): Uint8Array {
    return this.storedNode(level, index).slice();
  }

  /** The root hash of the current tree. */
  root(): Uint8Array {
    return this.rootAt(this.size);
  }

  /** The root hash the tree had when it held `size` leaves (RFC 6962 MTH of the first `size` leaves). */
  rootAt(size: number): Uint8Array {
    if (!isCount(size) || size > this.size)
      throw new ProofRangeError(`No root for size ${size}: the log holds ${this.size} leaves`);
    if (size === 0) return emptyRoot();
    const nodes = perfectNodes(0, size);
    const last = nodes[nodes.length - 1]!;
    let acc = this.storedNode(last.level, last.index);
    for (let i = nodes.length - 2; i >= 0; i--)
      acc = nodeHash(this.storedNode(nodes[i]!.level, nodes[i]!.index), acc);
    return Uint8Array.from(acc);
  }

  /** The audit path of leaf `index` in the tree of `size` leaves (default: the current size). */
  inclusionProof(index: number, size = this.size): Uint8Array[] {
    this.checkSize(size);
    return inclusionProof(index, size, this);
  }

  /** The consistency proof from the tree of `size1` leaves to the tree of `size2` (default: the current size). */
  consistencyProof(size1: number, size2 = this.size): Uint8Array[] {
    this.checkSize(size2);
    return consistencyProof(size1, size2, this);
  }

  // A view into the tree's own storage: only for hashing here, never handed out.
  private storedNode(level: number, index: number): Uint8Array {
    const hashes = this.levels[level];
    if (hashes === undefined || !Number.isInteger(index) || index < 0 || index >= hashes.length)
      throw new ProofRangeError(`Subtree (${level}, ${index}) is not complete at size ${this.size}`);
    return hashes.at(index);
  }

  private checkSize(size: number): void {
    if (!isCount(size) || size > this.size)
      throw new ProofRangeError(`No tree of size ${size}: the log holds ${this.size} leaves`);
  }
}
