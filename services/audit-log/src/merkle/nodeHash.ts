import { createHash } from 'node:crypto';

const NODE_PREFIX = new Uint8Array([0x01]);

/** RFC 6962 section 2.1 interior node hash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const digest = createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  // A plain Uint8Array view (not a Buffer), so hashes compare equal whichever function made them.
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
