import { toHex } from './bytes.js';
import type { CanonicalJsonOptions } from '@sharehub/kit/json';
import { canonicalRecordJson, type AuditRecordJson } from './canonicalRecord.js';
import { leafHash } from './merkle/leafHash.js';

const encoder = new TextEncoder();

/** A record made ready to be a leaf: its canonical JSON and its RFC 6962 leaf hash, computed once. */
export interface PreparedLeaf {
  readonly auditId: string;
  /** RFC 8785 canonical JSON of the record without `position`: exactly the leaf's bytes (UTF-8). */
  readonly recordJson: string;
  /** The leaf hash, 32 bytes. */
  readonly digest: Uint8Array;
  /** The leaf hash as 64 lower-case hex characters. */
  readonly leafHash: string;
}

/**
 * Canonicalises and hashes a record once, so that the caller can deduplicate by hash and the writer append
 * without doing either again. Throws `AuditRecordError` for anything that is not an audit record.
 *
 * @example
 *   const leaf = prepareLeaf(decodedRecord, { classInstances: true }); // avsc record classes, no JSON round trip
 *   writer.appendPrepared([leaf]);
 */
export function prepareLeaf(record: AuditRecordJson, options: CanonicalJsonOptions = {}): PreparedLeaf {
  const recordJson = canonicalRecordJson(record, options);
  const digest = leafHash(encoder.encode(recordJson));
  return { auditId: record.auditId, recordJson, digest, leafHash: toHex(digest) };
}
