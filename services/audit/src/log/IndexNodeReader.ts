import { fromHex, nodeHash, rootOf, type AsyncNodeReader, type NodeId } from '@sharehub/audit-log';
import type { AuditIndex } from '../index/AuditIndex.js';

// Subtrees of 256 leaves (level 8) are computed from the index's leaf hashes; those and every node above them are
// kept once computed (a complete subtree never changes): about n / 128 hashes, 0.25 byte of hash per leaf.
const TILE_LEVEL = 8;
const TILE = 2 ** TILE_LEVEL;
// Leaf hashes read per query when a large subtree is first needed.
const READ = 65_536;

/**
 * Reads the Merkle tree's perfect subtrees for proofs from the index's leaf hashes (docs/adr/0063): the writer
 * keeps only the tree's edge, so proofs are computed on demand. A subtree below 256 leaves is hashed from its
 * leaves (one query); a larger one from its 256-leaf tiles, each computed once and kept, so after the first proof
 * over a range, a proof costs a handful of small reads. A wrong leaf hash in the index gives a proof that fails
 * against the signed checkpoint (and `verify` names the row).
 *
 * @example
 *   const proof = await materialiseProofAsync(inclusionProofPlan(5, size), new IndexNodeReader(index));
 */
export class IndexNodeReader implements AsyncNodeReader {
  private readonly nodes = new Map<string, Uint8Array>();

  constructor(private readonly index: Pick<AuditIndex, 'leafHashes'>) {}

  async nodeHashes(ids: readonly NodeId[]): Promise<readonly Uint8Array[]> {
    // The leaves of each tile a small subtree lies in are read once per proof.
    const tiles = new Map<number, Promise<Uint8Array[]>>();
    const out: Uint8Array[] = [];
    for (const id of ids) out.push(await this.node(id.level, id.index, tiles));
    return out;
  }

  private async node(
    level: number,
    index: number,
    tiles: Map<number, Promise<Uint8Array[]>>,
  ): Promise<Uint8Array> {
    if (level < TILE_LEVEL) {
      const first = index * 2 ** level;
      const tile = Math.floor(first / TILE);
      if (!tiles.has(tile))
        tiles.set(
          tile,
          this.index.leafHashes(tile * TILE, TILE).then((h) => h.map((x) => fromHex(x)!)),
        );
      const leaves = (await tiles.get(tile)!).slice(first - tile * TILE, first - tile * TILE + 2 ** level);
      if (leaves.length !== 2 ** level)
        throw new RangeError(
          `the index holds ${leaves.length} of leaves ${first} to ${first + 2 ** level - 1}`,
        );
      return rootOf(leaves);
    }
    const key = `${level}/${index}`;
    const known = this.nodes.get(key);
    if (known) return known;
    let hash: Uint8Array;
    if (level === TILE_LEVEL) hash = rootOf(await this.leaves(index * TILE, TILE));
    else {
      await this.tiles(index * 2 ** (level - TILE_LEVEL), (index + 1) * 2 ** (level - TILE_LEVEL));
      hash = nodeHash(
        await this.node(level - 1, 2 * index, tiles),
        await this.node(level - 1, 2 * index + 1, tiles),
      );
    }
    this.nodes.set(key, hash);
    return hash;
  }

  // Computes the 256-leaf tiles [from, to) not yet known, reading their leaf hashes in large pages.
  private async tiles(from: number, to: number): Promise<void> {
    let tile = from;
    while (tile < to) {
      if (this.nodes.has(`${TILE_LEVEL}/${tile}`)) {
        tile += 1;
        continue;
      }
      const count = Math.min(to - tile, READ / TILE);
      const leaves = await this.leaves(tile * TILE, count * TILE);
      for (let t = 0; t < count; t++)
        this.nodes.set(`${TILE_LEVEL}/${tile + t}`, rootOf(leaves.slice(t * TILE, (t + 1) * TILE)));
      tile += count;
    }
  }

  private async leaves(from: number, count: number): Promise<Uint8Array[]> {
    const hex = await this.index.leafHashes(from, count);
    if (hex.length !== count)
      throw new RangeError(`the index holds ${hex.length} of leaves ${from} to ${from + count - 1}`);
    return hex.map((h) => fromHex(h)!);
  }
}
