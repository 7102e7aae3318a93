import { createHash } from 'node:crypto';
import type { BlobStore } from '@sharehub/kit';
import type { CheckpointView } from '../log/AuditLogReader.js';
import type { LeafLog } from '../log/LeafLog.js';

const KEY = 'fake-leaf-log/state.json';

/**
 * A LeafLog fake for sequencer tests: leaves in memory, a "checkpoint" that writes every leaf to one blob, and a
 * root that is a plain hash over the leaf hashes (not a Merkle tree; proofs are empty). `failNextCheckpoint`
 * simulates a store outage.
 */
export class FakeLeafLog implements LeafLog {
  private leaves: Uint8Array[] = [];
  private checkpoints: CheckpointView[] = [];
  failNextCheckpoint = false;

  constructor(private readonly blobs: BlobStore) {}

  size(): number {
    return this.leaves.length;
  }

  checkpointedSize(): number {
    return this.checkpoints.at(-1)?.treeSize ?? 0;
  }

  async recover(): Promise<void> {
    const stored = await this.blobs.get(KEY);
    const state = stored
      ? (JSON.parse(Buffer.from(stored).toString('utf8')) as {
          leaves: string[];
          checkpoints: CheckpointView[];
        })
      : { leaves: [], checkpoints: [] };
    this.leaves = state.leaves.map((b64) => new Uint8Array(Buffer.from(b64, 'base64')));
    this.checkpoints = state.checkpoints;
  }

  append(leaf: Uint8Array): { leafIndex: number; leafHash: string } {
    this.leaves.push(new Uint8Array(leaf));
    return { leafIndex: this.leaves.length - 1, leafHash: this.leafHash(this.leaves.length - 1) };
  }

  leafHash(leafIndex: number): string {
    const leaf = this.leaves[leafIndex];
    if (!leaf) throw new RangeError(`no leaf ${leafIndex}`);
    return createHash('sha256')
      .update(Buffer.from([0]))
      .update(leaf)
      .digest('hex');
  }

  async checkpoint(): Promise<CheckpointView> {
    if (this.failNextCheckpoint) {
      this.failNextCheckpoint = false;
      throw new Error('blob store unavailable');
    }
    const checkpoint = { treeSize: this.leaves.length, rootHash: this.root(this.leaves.length) };
    const checkpoints = [...this.checkpoints, checkpoint];
    const body = JSON.stringify({
      leaves: this.leaves.map((l) => Buffer.from(l).toString('base64')),
      checkpoints,
    });
    await this.blobs.put(KEY, new TextEncoder().encode(body));
    this.checkpoints = checkpoints;
    return checkpoint;
  }

  async storedLeaves(from: number, to: number): Promise<Uint8Array[]> {
    return this.leaves.slice(from, to);
  }

  async latestCheckpoint(): Promise<CheckpointView | undefined> {
    return this.checkpoints.at(-1);
  }

  async checkpointOfSize(treeSize: number): Promise<CheckpointView | undefined> {
    return this.checkpoints.find((c) => c.treeSize === treeSize);
  }

  async inclusionProof(): Promise<string[]> {
    return [];
  }

  async consistencyProof(): Promise<string[]> {
    return [];
  }

  /** The fake's "root": a hash over the first `size` leaf hashes. */
  root(size: number): string {
    const hash = createHash('sha256');
    for (let i = 0; i < size; i++) hash.update(this.leafHash(i));
    return hash.digest('hex');
  }
}
