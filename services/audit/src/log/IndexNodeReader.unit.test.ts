import { describe, expect, it } from 'vitest';
import {
  consistencyProofPlan,
  inclusionProofPlan,
  leafHash,
  materialiseProofAsync,
  MerkleLog,
  toHex,
} from '@sharehub/audit-log';
import { IndexNodeReader } from './IndexNodeReader.js';

const hashes = (n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`leaf ${i}`)));

describe('IndexNodeReader', () => {
  it('gives the same inclusion and consistency proofs as the whole tree in memory, across tile edges', async () => {
    const leaves = hashes(20_000);
    const tree = new MerkleLog();
    leaves.forEach((leaf) => tree.append(leaf));
    let reads = 0;
    const index = {
      leafHashes: async (from: number, count: number) => {
        reads += 1;
        return leaves.slice(from, from + count).map(toHex);
      },
    };
    const reader = new IndexNodeReader(index);
    for (const [leaf, size] of [
      [0, 1],
      [5, 8],
      [255, 256],
      [256, 257],
      [1000, 16_385],
      [19_999, 20_000],
      [12_345, 20_000],
    ] as const)
      expect(await materialiseProofAsync(inclusionProofPlan(leaf, size), reader)).toEqual(
        tree.inclusionProof(leaf, size),
      );
    for (const [from, to] of [
      [1, 2],
      [100, 20_000],
      [16_384, 19_000],
    ] as const)
      expect(await materialiseProofAsync(consistencyProofPlan(from, to), reader)).toEqual(
        tree.consistencyProof(from, to),
      );
    // Tiles once computed are kept: the same proof again reads only the leaves of the leaf's own tile and of the
    // tree's ragged right edge.
    reads = 0;
    await materialiseProofAsync(inclusionProofPlan(12_345, 20_000), reader);
    expect(reads).toBe(2);
  });

  it('refuses to make a proof from leaves the index does not hold', async () => {
    const reader = new IndexNodeReader({ leafHashes: async () => [] });
    await expect(materialiseProofAsync(inclusionProofPlan(0, 2), reader)).rejects.toThrow(
      'the index holds 0 of leaves',
    );
  });
});
