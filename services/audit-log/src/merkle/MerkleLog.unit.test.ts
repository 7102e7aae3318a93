import { describe, expect, it } from 'vitest';
import { ProofRangeError } from '../errors.js';
import { MerkleLog } from './MerkleLog.js';
import type { NodeId } from './NodeReader.js';
import { consistencyProofPlan } from './consistencyProofPlan.js';
import { emptyRoot } from './emptyRoot.js';
import { inclusionProofPlan } from './inclusionProofPlan.js';
import { leafHash } from './leafHash.js';
import { materialiseProof, materialiseProofAsync } from './materialiseProof.js';
import { rootOf } from './rootOf.js';
import { verifyConsistency } from './verifyConsistency.js';
import { verifyInclusion } from './verifyInclusion.js';

const leaves = (n: number, from = 0): Uint8Array[] =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`leaf ${from + i}`)));

describe('MerkleLog', () => {
  it('has the root of the definition at every size up to 300', { timeout: 60_000 }, () => {
    const hashes = leaves(300);
    const log = new MerkleLog();
    expect(log.root()).toEqual(emptyRoot());
    hashes.forEach((h, i) => {
      expect(log.append(h)).toBe(i);
      expect(log.root(), `size ${i + 1}`).toEqual(rootOf(hashes.slice(0, i + 1)));
    });
    for (let size = 0; size <= 300; size++) expect(log.rootAt(size)).toEqual(rootOf(hashes.slice(0, size)));
  });

  it('keeps its hashes past the storage chunk boundary', { timeout: 60_000 }, () => {
    const hashes = leaves(70_001);
    const log = new MerkleLog();
    hashes.forEach((h) => log.append(h));
    for (const size of [32_768, 32_769, 70_001])
      expect(log.rootAt(size), `size ${size}`).toEqual(rootOf(hashes.slice(0, size)));
    expect(log.leafHash(40_000)).toEqual(hashes[40_000]);
  });

  it('refuses sizes, indexes and subtrees it does not hold', () => {
    const log = new MerkleLog();
    leaves(5).forEach((h) => log.append(h));
    expect(() => log.rootAt(6)).toThrow(ProofRangeError);
    expect(() => log.rootAt(-1)).toThrow(ProofRangeError);
    expect(() => log.nodeHash(1, 2)).toThrow(ProofRangeError); // leaves 4..5: not complete at size 5
    expect(() => log.inclusionProof(5)).toThrow(ProofRangeError);
    expect(() => log.inclusionProof(0, 6)).toThrow(ProofRangeError);
    expect(() => log.consistencyProof(4, 3)).toThrow(ProofRangeError);
    expect(() => log.consistencyProof(1, 6)).toThrow(ProofRangeError);
    expect(() => log.append(new Uint8Array(31))).toThrow(RangeError);
    expect(log.consistencyProof(0)).toEqual([]);
    expect(log.consistencyProof(5)).toEqual([]);
  });

  it('builds the same proofs through an asynchronous node reader (a database, say)', async () => {
    const log = new MerkleLog();
    leaves(77).forEach((h) => log.append(h));
    let calls = 0;
    const reader = {
      nodeHashes: async (ids: readonly NodeId[]) => {
        calls += 1;
        return ids.map((id) => log.nodeHash(id.level, id.index));
      },
    };
    for (const [index, size] of [
      [0, 77],
      [76, 77],
      [33, 64],
      [50, 51],
    ] as const)
      expect(await materialiseProofAsync(inclusionProofPlan(index, size), reader)).toEqual(
        materialiseProof(inclusionProofPlan(index, size), log),
      );
    expect(await materialiseProofAsync(consistencyProofPlan(13, 77), reader)).toEqual(
      log.consistencyProof(13, 77),
    );
    expect(calls).toBe(5);
  });

  it('holds a million leaves, with proofs of the expected length', { timeout: 120_000 }, () => {
    const log = new MerkleLog();
    const leaf = leaves(1)[0]!;
    for (let i = 0; i < 1_000_000; i++) log.append(leaf);
    expect(log.size).toBe(1_000_000);
    const root = log.root();
    const first = log.inclusionProof(0);
    const last = log.inclusionProof(999_999);
    expect(first).toHaveLength(20); // ceil(log2(10^6))
    expect(last).toHaveLength(12); // 10^6 has 7 one bits: the last leaf sits on a ragged right edge
    expect(verifyInclusion(999_999, 1_000_000, leaf, last, root)).toBe(true);
    expect(
      verifyConsistency(999_000, 1_000_000, log.rootAt(999_000), root, log.consistencyProof(999_000)),
    ).toBe(true);
  });
});
