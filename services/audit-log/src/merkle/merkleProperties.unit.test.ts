import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MerkleLog } from './MerkleLog.js';
import { leafHash } from './leafHash.js';
import { rootOf } from './rootOf.js';
import { verifyConsistency } from './verifyConsistency.js';
import { verifyInclusion } from './verifyInclusion.js';

// A random tree (1..300 leaves of random bytes) and two sizes within it.
const treeAndSizes = fc
  .array(fc.uint8Array({ maxLength: 24 }), { minLength: 1, maxLength: 300 })
  .chain((data) =>
    fc
      .tuple(fc.integer({ min: 1, max: data.length }), fc.integer({ min: 0, max: data.length - 1 }))
      .map(([size2, k]) => ({ data, size2, size1: k % (size2 + 1), index: k % size2 })),
  );

const build = (data: Uint8Array[]): { log: MerkleLog; hashes: Uint8Array[] } => {
  const log = new MerkleLog();
  const hashes = data.map((d) => leafHash(d));
  hashes.forEach((h) => log.append(h));
  return { log, hashes };
};

const flipBit = (proof: Uint8Array[], element: number, bit: number): Uint8Array[] =>
  proof.map((p, i) => {
    if (i !== element) return p;
    const copy = Uint8Array.from(p);
    copy[Math.floor(bit / 8) % copy.length]! ^= 1 << (bit % 8);
    return copy;
  });

describe('Merkle properties (random trees)', () => {
  it(
    'every inclusion proof verifies against the root of its size, which is the RFC 6962 MTH',
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(treeAndSizes, ({ data, size2, index }) => {
          const { log, hashes } = build(data);
          const root = log.rootAt(size2);
          expect(root).toEqual(rootOf(hashes.slice(0, size2)));
          expect(verifyInclusion(index, size2, hashes[index]!, log.inclusionProof(index, size2), root)).toBe(
            true,
          );
        }),
        { numRuns: 300 },
      );
    },
  );

  it(
    'a flipped bit anywhere in an inclusion proof, the leaf or the root fails verification',
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(treeAndSizes, fc.nat(), fc.nat({ max: 255 }), ({ data, size2, index }, pick, bit) => {
          const { log, hashes } = build(data);
          const root = log.rootAt(size2);
          const proof = log.inclusionProof(index, size2);
          const leaf = hashes[index]!;
          const target = pick % (proof.length + 2);
          if (target < proof.length)
            expect(verifyInclusion(index, size2, leaf, flipBit(proof, target, bit), root)).toBe(false);
          else if (target === proof.length)
            expect(verifyInclusion(index, size2, flipBit([leaf], 0, bit)[0]!, proof, root)).toBe(false);
          else expect(verifyInclusion(index, size2, leaf, proof, flipBit([root], 0, bit)[0]!)).toBe(false);
        }),
        { numRuns: 300 },
      );
    },
  );

  it(
    'every consistency proof verifies; a flipped bit in it, or in either root, fails',
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(treeAndSizes, fc.nat(), fc.nat({ max: 255 }), ({ data, size1, size2 }, pick, bit) => {
          const { log } = build(data);
          const root1 = log.rootAt(size1);
          const root2 = log.rootAt(size2);
          const proof = log.consistencyProof(size1, size2);
          expect(verifyConsistency(size1, size2, root1, root2, proof)).toBe(true);
          if (size1 === 0) return; // the empty tree is consistent with every tree: nothing to tamper with
          const target = pick % (proof.length + 2);
          if (target < proof.length)
            expect(verifyConsistency(size1, size2, root1, root2, flipBit(proof, target, bit))).toBe(false);
          else if (target === proof.length)
            expect(verifyConsistency(size1, size2, flipBit([root1], 0, bit)[0]!, root2, proof)).toBe(false);
          else
            expect(verifyConsistency(size1, size2, root1, flipBit([root2], 0, bit)[0]!, proof)).toBe(false);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('a proof for one leaf or size does not pass for another', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(treeAndSizes, fc.integer({ min: 1, max: 299 }), ({ data, size2, index }, shift) => {
        const { log, hashes } = build(data);
        const other = (index + shift) % size2;
        fc.pre(other !== index && !Buffer.from(hashes[other]!).equals(Buffer.from(hashes[index]!)));
        const proof = log.inclusionProof(index, size2);
        expect(verifyInclusion(other, size2, hashes[other]!, proof, log.rootAt(size2))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
