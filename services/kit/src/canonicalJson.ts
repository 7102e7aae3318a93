import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

// canonicalize is CommonJS with a default-export typing that NodeNext resolution cannot call; load it as CJS.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;

/** The RFC 8785 (JCS) canonical JSON text of a value: sorted keys, no whitespace, stable number forms. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

/** SHA-256 (hex) of a value's canonical JSON: equal for equal bodies, whatever their key order or spacing. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
