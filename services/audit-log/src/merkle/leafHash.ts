import { createHash } from 'node:crypto';

const LEAF_PREFIX = new Uint8Array([0x00]);

/** The length in bytes of every hash in the log (SHA-256). */
export const HASH_BYTES = 32;

/** RFC 6962 section 2.1 leaf hash: SHA-256(0x00 || leaf bytes). */
export function leafHash(leaf: Uint8Array): Uint8Array {
  const digest = createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
