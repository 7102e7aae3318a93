import { HASH_BYTES } from './leafHash.js';

const CHUNK_HASHES = 32_768; // 1 MiB per chunk: growth never copies what is already stored

/** An append-only array of 32-byte hashes packed into fixed chunks, so millions of them cost bytes, not objects. */
export class HashArray {
  private readonly chunks: Uint8Array[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(hash: Uint8Array): void {
    if (hash.byteLength !== HASH_BYTES) throw new RangeError(`a hash is ${HASH_BYTES} bytes`);
    const slot = this.count % CHUNK_HASHES;
    if (slot === 0) this.chunks.push(new Uint8Array(CHUNK_HASHES * HASH_BYTES));
    this.chunks[this.chunks.length - 1]!.set(hash, slot * HASH_BYTES);
    this.count += 1;
  }

  /** A read-only view of hash `i` (no copy; do not write to it). */
  at(i: number): Uint8Array {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new RangeError(`no hash at ${i}`);
    const chunk = this.chunks[Math.floor(i / CHUNK_HASHES)]!;
    const offset = (i % CHUNK_HASHES) * HASH_BYTES;
    return chunk.subarray(offset, offset + HASH_BYTES);
  }
}
