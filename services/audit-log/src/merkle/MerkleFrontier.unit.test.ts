import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProofRangeError } from '../errors.js';
import { MerkleFrontier } from './MerkleFrontier.js';
import { MerkleLog } from './MerkleLog.js';
import { leafHash } from './leafHash.js';
import { rootOf } from './rootOf.js';

const leaves = (n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`leaf ${i}`)));

describe('MerkleFrontier', () => {
  it('has the RFC 6962 root of every size it passes through, and the perfect subtrees of MerkleLog', () => {
    const all = leaves(300);
    const frontier = MerkleFrontier.empty();
    const log = new MerkleLog();
    expect(frontier.root()).toEqual(rootOf([]));
    all.forEach((leaf, i) => {
      frontier.append(leaf);
      log.append(leaf);
      expect(frontier.size).toBe(i + 1);
      expect(frontier.root()).toEqual(rootOf(all.slice(0, i + 1)));
      for (const node of frontier.nodes()) expect(node.hash).toEqual(log.nodeHash(node.level, node.index));
    });
  });

  it('is restored from its size and hashes and carries on as if never stopped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 50 }), (size, more) => {
        const all = leaves(size + more);
        const first = MerkleFrontier.empty();
        all.slice(0, size).forEach((leaf) => first.append(leaf));
        const restored = MerkleFrontier.of(size, first.hashesLeftToRight());
        all.slice(size).forEach((leaf) => restored.append(leaf));
        expect(restored.root()).toEqual(rootOf(all));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses hashes that do not fit the size, and a clone does not move with its original', () => {
    expect(() => MerkleFrontier.of(3, leaves(1))).toThrow(ProofRangeError);
    expect(() => MerkleFrontier.of(-1, [])).toThrow(ProofRangeError);
    const frontier = MerkleFrontier.empty();
    leaves(5).forEach((leaf) => frontier.append(leaf));
    const copy = frontier.clone();
    frontier.append(leaves(6)[5]!);
    expect(copy.size).toBe(5);
    expect(copy.root()).toEqual(rootOf(leaves(5)));
  });
});
