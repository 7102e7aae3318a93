import { createHash } from 'node:crypto';

/** RFC 6962 section 2.1 root of the empty tree: SHA-256 of no bytes. */
export function emptyRoot(): Uint8Array {
  const digest = createHash('sha256').digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
