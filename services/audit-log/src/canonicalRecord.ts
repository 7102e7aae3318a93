import { createRequire } from 'node:module';
import { AuditRecordError } from './errors.js';

// canonicalize (RFC 8785 JCS) is CommonJS with a default-export typing that NodeNext cannot call; load it as CJS.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;
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
 * Throws `AuditRecordError` for anything that is not plain JSON (undefined, functions, bigint, NaN, Infinity).
 */
export function canonicalRecordJson(record: AuditRecordJson): string {
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    throw new AuditRecordError('An audit record is a JSON object');
  if (typeof record.auditId !== 'string' || record.auditId.length === 0)
    throw new AuditRecordError('An audit record has a non-empty string auditId');
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'position') continue;
    assertJson(value, key);
    fields[key] = value;
  }
  const text = canonicalize(fields);
  if (text === undefined) throw new AuditRecordError('The audit record has no JSON form');
  return text;
}

/** The canonical bytes of a record (UTF-8 of `canonicalRecordJson`): exactly what its leaf hash covers. */
export function canonicalRecord(record: AuditRecordJson): Uint8Array {
  return encoder.encode(canonicalRecordJson(record));
}

function assertJson(value: unknown, path: string): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new AuditRecordError(`${path} is not a finite number`);
      return;
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) {
        value.forEach((item, i) => assertJson(item, `${path}[${i}]`));
        return;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
        throw new AuditRecordError(`${path} is not a plain JSON object`);
      for (const [key, item] of Object.entries(value)) assertJson(item, `${path}.${key}`);
      return;
    default:
      throw new AuditRecordError(`${path} is not a JSON value (${typeof value})`);
  }
}
