import { canonicalJson, NotJsonError, type CanonicalJsonOptions } from '@sharehub/kit/json';
import { AuditRecordError } from './errors.js';

const encoder = new TextEncoder();

/**
 * An audit record in its JSON form (the Avro `AuditRecord` as JSON): any JSON object with a string `auditId`.
 * `position` (where the audit service put it in the log) is never part of the leaf.
 */
export interface AuditRecordJson {
  readonly auditId: string;
  readonly position?: unknown;
  readonly [field: string]: unknown;
}

/**
 * The canonical JSON text of a record for hashing: RFC 8785 (JCS) of the record without its `position` field.
 * Throws `AuditRecordError` for anything that is not a plain JSON object with a non-empty string `auditId`.
 */
export function canonicalRecordJson(record: AuditRecordJson, options: CanonicalJsonOptions = {}): string {
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    throw new AuditRecordError('An audit record is a JSON object');
  if (typeof record.auditId !== 'string' || record.auditId.length === 0)
    throw new AuditRecordError('An audit record has a non-empty string auditId');
  // `position` is left out by a copy of the top-level fields only (no deep clone).
  const { position: _position, ...fields } = record;
  try {
    return canonicalJson(fields, '$', options);
  } catch (err) {
    if (err instanceof NotJsonError) throw new AuditRecordError(err.message);
    throw err;
  }
}

/** The canonical bytes of a record (UTF-8 of `canonicalRecordJson`): exactly what its leaf hash covers. */
export function canonicalRecord(record: AuditRecordJson): Uint8Array {
  return encoder.encode(canonicalRecordJson(record));
}
