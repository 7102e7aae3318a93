// The Merkle code against published RFC 6962 test vectors from transparency-dev/merkle, kept as data in
// services/audit-log/test-vectors/ (see its README for paths and commits).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes.js';
import { MerkleLog } from './MerkleLog.js';
import { consistencyProofPlan } from './consistencyProofPlan.js';
import { emptyRoot } from './emptyRoot.js';
import { inclusionProofPlan } from './inclusionProofPlan.js';
import { leafHash } from './leafHash.js';
import { nodeHash } from './nodeHash.js';
import { rootOf } from './rootOf.js';
import { perfectNodes } from './treeMath.js';
import { rootFromInclusionProof, verifyInclusion } from './verifyInclusion.js';
import { verifyConsistency } from './verifyConsistency.js';

const VECTORS = fileURLToPath(new URL('../../test-vectors/transparency-dev-merkle/', import.meta.url));
const load = <T>(name: string): T => JSON.parse(readFileSync(join(VECTORS, name), 'utf8')) as T;
const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
const b64 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'base64'));
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

interface Hasher {
  emptyRoot: string;
  leaves: { desc: string; inputHex?: string; inputAscii?: string; hash: string }[];
  nodes: { desc: string; leftAscii: string; rightAscii: string; hash: string }[];
}
interface Constants {
  leafInputs: string[];
  nodeHashes: string[][];
  rootHashes: string[];
  compactTreesAsNodeIds: [number, number][][];
}
interface VerifyTest {
  sha256SomeHash: string;
  sha256EmptyTreeHash: string;
  inclusionProofs: { leaf: number; size: number; proof: string[] }[];
  consistencyProofs: { size1: number; size2: number; proof: string[] }[];
  roots: string[];
  leaves: string[];
}
interface ProofTest {
  inclusion: {
    size: number;
    index: number;
    ids?: [number, number][];
    rehash?: [number, number];
    error?: true;
  }[];
  consistency: {
    size1: number;
    size2: number;
    ids?: [number, number][];
    rehash?: [number, number];
    error?: true;
  }[];
}

const hasher = load<Hasher>('rfc6962_test.json');
const constants = load<Constants>('testonly_constants.json');
const verifyTest = load<VerifyTest>('verify_test.json');
const proofTest = load<ProofTest>('proof_test.json');

const referenceLeaves = constants.leafInputs.map((input) => leafHash(hex(input)));
const referenceTree = new MerkleLog();
referenceLeaves.forEach((h) => referenceTree.append(h));

describe('RFC 6962 hashing (rfc6962/rfc6962_test.go)', () => {
  it('hashes the empty tree, leaves and nodes as published', () => {
    expect(toHex(emptyRoot())).toBe(hasher.emptyRoot);
    for (const leaf of hasher.leaves) {
      const input = leaf.inputHex !== undefined ? hex(leaf.inputHex) : ascii(leaf.inputAscii!);
      expect(toHex(leafHash(input)), leaf.desc).toBe(leaf.hash);
    }
    for (const node of hasher.nodes)
      expect(toHex(nodeHash(ascii(node.leftAscii), ascii(node.rightAscii))), node.desc).toBe(node.hash);
  });
});

describe('reference tree (testonly/constants.go)', () => {
  it('gives the published root for every size 0..8, incrementally and by the definition', () => {
    expect(constants.rootHashes).toHaveLength(9);
    const log = new MerkleLog();
    constants.rootHashes.forEach((root, size) => {
      if (size > 0) log.append(referenceLeaves[size - 1]!);
      expect(toHex(log.root()), `MerkleLog size ${size}`).toBe(root);
      expect(toHex(rootOf(referenceLeaves.slice(0, size))), `rootOf size ${size}`).toBe(root);
      expect(toHex(referenceTree.rootAt(size)), `rootAt(${size}) of the full tree`).toBe(root);
    });
  });

  it('stores every published complete-subtree hash', () => {
    constants.nodeHashes.forEach((level, l) =>
      level.forEach((hash, i) => expect(toHex(referenceTree.nodeHash(l, i)), `node (${l}, ${i})`).toBe(hash)),
    );
  });

  it('splits every size into the published compact-tree nodes', () => {
    constants.compactTreesAsNodeIds.forEach((ids, size) =>
      expect(perfectNodes(0, size).map((n) => [n.level, n.index])).toEqual(ids),
    );
  });
});

describe('proofs and roots (proof/verify_test.go)', () => {
  const roots = verifyTest.roots.map(hex);

  it('has the same leaves and roots as the reference tree', () => {
    expect(verifyTest.leaves).toEqual(constants.leafInputs);
    roots.forEach((root, i) => expect(toHex(referenceTree.rootAt(i + 1))).toBe(toHex(root)));
  });

  for (const vector of verifyTest.inclusionProofs.slice(1)) {
    const index = vector.leaf - 1; // the source's leaf numbers are 1-based
    const proof = vector.proof.map(hex);
    const root = roots[vector.size - 1]!;
    const leaf = leafHash(hex(verifyTest.leaves[index]!));

    it(`inclusion of leaf ${index} in size ${vector.size}: generated as published, verifies`, () => {
      expect(referenceTree.inclusionProof(index, vector.size).map(toHex)).toEqual(vector.proof);
      expect(toHex(rootFromInclusionProof(index, vector.size, leaf, proof)!)).toBe(toHex(root));
      expect(verifyInclusion(index, vector.size, leaf, proof, root)).toBe(true);
    });

    it(`inclusion of leaf ${index} in size ${vector.size}: every corruption of verify_test.go fails`, () => {
      for (const probe of corruptInclusion(index, vector.size, proof, root, leaf))
        expect(
          verifyInclusion(probe.index, probe.size, probe.leaf, probe.proof, probe.root),
          probe.desc,
        ).toBe(false);
    });
  }

  for (const vector of verifyTest.consistencyProofs) {
    const proof = vector.proof.map(hex);
    const root1 = roots[vector.size1 - 1]!;
    const root2 = roots[vector.size2 - 1]!;

    it(`consistency ${vector.size1} -> ${vector.size2}: generated as published, verifies`, () => {
      expect(referenceTree.consistencyProof(vector.size1, vector.size2).map(toHex)).toEqual(vector.proof);
      expect(verifyConsistency(vector.size1, vector.size2, root1, root2, proof)).toBe(true);
    });

    if (proof.length > 0)
      it(`consistency ${vector.size1} -> ${vector.size2}: every corruption of verify_test.go fails`, () => {
        for (const probe of corruptConsistency(vector.size1, vector.size2, root1, root2, proof))
          expect(
            verifyConsistency(probe.size1, probe.size2, probe.root1, probe.root2, probe.proof),
            probe.desc,
          ).toBe(false);
      });
  }

  it('verifies the single-entry and degenerate cases of TestVerifyInclusionSingleEntry / TestVerifyConsistency', () => {
    const hash = leafHash(ascii('data'));
    const none = new Uint8Array();
    expect(verifyInclusion(0, 1, hash, [], hash)).toBe(true);
    expect(verifyInclusion(0, 1, none, [], hash)).toBe(false);
    expect(verifyInclusion(0, 1, hash, [], none)).toBe(false);
    expect(verifyInclusion(0, 1, none, [], none)).toBe(false);
    const some = hex(verifyTest.sha256SomeHash);
    const empty = hex(verifyTest.sha256EmptyTreeHash);
    for (const [index, size] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [2, 1],
    ] as const) {
      expect(verifyInclusion(index, size, some, [], none)).toBe(false);
      expect(verifyInclusion(index, size, none, [], empty)).toBe(false);
      expect(verifyInclusion(index, size, some, [], empty)).toBe(false);
    }
    const r1 = ascii("don't care 1");
    const r2 = ascii("don't care 2");
    const cases: [number, number, Uint8Array, Uint8Array, Uint8Array[], boolean][] = [
      [0, 0, r1, r2, [], false],
      [1, 1, r1, r2, [], false],
      [0, 0, r1, r1, [], true],
      [0, 1, r1, r2, [], true],
      [1, 1, r2, r2, [], true],
      [1, 0, r1, r2, [], false],
      [2, 1, r1, r2, [], false],
      [1, 2, r1, r2, [], false],
      [0, 0, empty, r2, [], false],
      [1, 1, empty, r2, [], false],
      [0, 0, empty, empty, [empty], false],
      [0, 1, empty, empty, [empty], false],
      [1, 1, empty, empty, [empty], false],
    ];
    for (const [size1, size2, root1, root2, proof, ok] of cases)
      expect(verifyConsistency(size1, size2, root1, root2, proof), `${size1} -> ${size2}`).toBe(ok);
  });

  it('proves every leaf at every size, and every pair of sizes, of the reference tree', () => {
    const all = [emptyRoot(), ...roots];
    for (let size = 1; size <= 8; size++) {
      for (let index = 0; index < size; index++) {
        const proof = referenceTree.inclusionProof(index, size);
        expect(verifyInclusion(index, size, referenceLeaves[index]!, proof, all[size]!)).toBe(true);
      }
      for (let size1 = 0; size1 <= size; size1++) {
        const proof = referenceTree.consistencyProof(size1, size);
        expect(verifyConsistency(size1, size, all[size1]!, all[size]!, proof), `${size1} -> ${size}`).toBe(
          true,
        );
      }
    }
  });
});

describe('generated vectors (testdata/, written by cmd/proofgen)', () => {
  const files = (kind: string): string[] =>
    readdirSync(join(VECTORS, 'testdata', kind), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json'))
      .map((f) => join('testdata', kind, f));

  it('has the vectors it should', () => {
    expect(files('inclusion')).toHaveLength(22);
    expect(files('consistency')).toHaveLength(25);
  });

  for (const file of files('inclusion')) {
    const v = load<{
      leafIdx: number;
      treeSize: number;
      root: string;
      leafHash: string;
      proof: string[] | null;
      desc: string;
      wantErr: boolean;
    }>(file);
    it(`${file}: ${v.desc} ${v.wantErr ? 'fails' : 'verifies'}`, () => {
      const proof = (v.proof ?? []).map(b64);
      expect(verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), proof, b64(v.root))).toBe(!v.wantErr);
      if (!v.wantErr) expect(referenceTree.inclusionProof(v.leafIdx, v.treeSize)).toEqual(proof);
    });
  }

  for (const file of files('consistency')) {
    const v = load<{
      size1: number;
      size2: number;
      root1: string;
      root2: string;
      proof: string[] | null;
      desc: string;
      wantErr: boolean;
    }>(file);
    it(`${file}: ${v.desc} ${v.wantErr ? 'fails' : 'verifies'}`, () => {
      const proof = (v.proof ?? []).map(b64);
      expect(verifyConsistency(v.size1, v.size2, b64(v.root1), b64(v.root2), proof)).toBe(!v.wantErr);
      if (!v.wantErr) expect(referenceTree.consistencyProof(v.size1, v.size2)).toEqual(proof);
    });
  }
});

describe('proof shapes (proof/proof_test.go)', () => {
  // 95 leaves as in the source's larger cases; node (l, i) hashed by the RFC definition, not by MerkleLog.
  const leaves = Array.from({ length: 95 }, (_, i) => leafHash(ascii(String(i))));
  const tree = new MerkleLog();
  leaves.forEach((h) => tree.append(h));
  const node = ([level, index]: [number, number]): Uint8Array =>
    rootOf(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level));
  // proof.Nodes.Rehash: ids[begin..end) collapse into one hash, each next id being the left sibling.
  const expected = (ids: [number, number][], rehash?: [number, number]): string[] => {
    if (!rehash) return ids.map((id) => toHex(node(id)));
    const [begin, end] = rehash;
    let acc = node(ids[begin]!);
    for (let k = begin + 1; k < end; k++) acc = nodeHash(node(ids[k]!), acc);
    return [
      ...ids.slice(0, begin).map((id) => toHex(node(id))),
      toHex(acc),
      ...ids.slice(end).map((id) => toHex(node(id))),
    ];
  };
  // Our plan lists a ragged element's nodes left to right; the source lists them from the bottom up.
  const asSourceIds = (plan: readonly (readonly { level: number; index: number }[])[]) => {
    const ids: [number, number][] = [];
    let rehash: [number, number] | undefined;
    for (const group of plan) {
      if (group.length > 1) rehash = [ids.length, ids.length + group.length];
      for (const n of group.length > 1 ? [...group].reverse() : group) ids.push([n.level, n.index]);
    }
    return { ids, rehash };
  };

  for (const v of proofTest.inclusion) {
    it(`inclusion of leaf ${v.index} in size ${v.size}`, () => {
      if (v.error) {
        expect(() => inclusionProofPlan(v.index, v.size)).toThrow();
        return;
      }
      expect(asSourceIds(inclusionProofPlan(v.index, v.size))).toEqual({ ids: v.ids, rehash: v.rehash });
      const proof = tree.inclusionProof(v.index, v.size);
      expect(proof.map(toHex)).toEqual(expected(v.ids!, v.rehash));
      expect(verifyInclusion(v.index, v.size, leaves[v.index]!, proof, tree.rootAt(v.size))).toBe(true);
    });
  }

  for (const v of proofTest.consistency) {
    it(`consistency ${v.size1} -> ${v.size2}`, () => {
      if (v.error) {
        expect(() => consistencyProofPlan(v.size1, v.size2)).toThrow();
        return;
      }
      expect(asSourceIds(consistencyProofPlan(v.size1, v.size2))).toEqual({ ids: v.ids, rehash: v.rehash });
      const proof = tree.consistencyProof(v.size1, v.size2);
      expect(proof.map(toHex)).toEqual(expected(v.ids!, v.rehash));
      expect(verifyConsistency(v.size1, v.size2, tree.rootAt(v.size1), tree.rootAt(v.size2), proof)).toBe(
        true,
      );
    });
  }
});

// corruptInclusionProof of proof/verify_test.go.
function corruptInclusion(
  index: number,
  size: number,
  proof: Uint8Array[],
  root: Uint8Array,
  leaf: Uint8Array,
) {
  const some = hex(verifyTest.sha256SomeHash);
  const empty = hex(verifyTest.sha256EmptyTreeHash);
  const none = new Uint8Array();
  const probes = [
    { index: index - 1, size, root, leaf, proof, desc: 'leafIndex - 1' },
    { index: index + 1, size, root, leaf, proof, desc: 'leafIndex + 1' },
    { index: index ^ 2, size, root, leaf, proof, desc: 'leafIndex ^ 2' },
    { index, size: size * 2, root, leaf, proof, desc: 'treeSize * 2' },
    { index, size: Math.floor(size / 2), root, leaf, proof, desc: 'treeSize / 2' },
    { index, size, root, leaf: ascii('WrongLeaf'), proof, desc: 'wrong leaf' },
    { index, size, root: empty, leaf, proof, desc: 'empty root' },
    { index, size, root: some, leaf, proof, desc: 'random root' },
    { index, size, root, leaf, proof: [...proof, none], desc: 'trailing garbage' },
    { index, size, root, leaf, proof: [...proof, root], desc: 'trailing root' },
    { index, size, root, leaf, proof: [none, ...proof], desc: 'preceding garbage' },
    { index, size, root, leaf, proof: [root, ...proof], desc: 'preceding root' },
  ];
  proof.forEach((_, i) =>
    probes.push({ index, size, root, leaf, proof: flip(proof, i, 8), desc: `modified proof[${i}] bit 3` }),
  );
  if (proof.length > 0)
    probes.push({ index, size, root, leaf, proof: proof.slice(0, -1), desc: 'removed component' });
  if (proof.length > 1)
    probes.push({
      index,
      size,
      root,
      leaf,
      proof: [proof[0]!, some, ...proof.slice(1)],
      desc: 'inserted component',
    });
  return probes;
}

// corruptConsistencyProof of proof/verify_test.go.
function corruptConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: Uint8Array[],
) {
  const wrong = ascii('WrongRoot');
  const none = new Uint8Array();
  const probes = [
    { size1: size1 - 1, size2, root1, root2, proof, desc: 'size1 - 1' },
    { size1: size1 + 1, size2, root1, root2, proof, desc: 'size1 + 1' },
    { size1: size1 ^ 2, size2, root1, root2, proof, desc: 'size1 ^ 2' },
    { size1, size2: size2 * 2, root1, root2, proof, desc: 'size2 * 2' },
    { size1, size2: Math.floor(size2 / 2), root1, root2, proof, desc: 'size2 / 2' },
    { size1, size2, root1: wrong, root2, proof, desc: 'wrong root1' },
    { size1, size2, root1, root2: wrong, proof, desc: 'wrong root2' },
    { size1, size2, root1: root2, root2: root1, proof, desc: 'swapped roots' },
    { size1, size2, root1, root2, proof: [], desc: 'empty proof' },
    { size1, size2, root1, root2, proof: [...proof, none], desc: 'trailing garbage' },
    { size1, size2, root1, root2, proof: [...proof, root1], desc: 'trailing root1' },
    { size1, size2, root1, root2, proof: [...proof, root2], desc: 'trailing root2' },
    { size1, size2, root1, root2, proof: [none, ...proof], desc: 'preceding garbage' },
    { size1, size2, root1, root2, proof: [root1, ...proof], desc: 'preceding root1' },
    { size1, size2, root1, root2, proof: [root2, ...proof], desc: 'preceding root2' },
    { size1, size2, root1, root2, proof: [proof[0]!, ...proof], desc: 'preceding proof[0]' },
    { size1, size2, root1, root2, proof: proof.slice(0, -1), desc: 'truncated proof' },
  ];
  proof.forEach((_, i) =>
    probes.push({
      size1,
      size2,
      root1,
      root2,
      proof: flip(proof, i, 16),
      desc: `modified proof[${i}] bit 4`,
    }),
  );
  return probes;
}

function flip(proof: Uint8Array[], i: number, mask: number): Uint8Array[] {
  return proof.map((p, j) => {
    if (j !== i) return p;
    const copy = Uint8Array.from(p);
    copy[0]! ^= mask;
    return copy;
  });
}
