import { createHash } from 'node:crypto';

/** A deterministic id: a prefix and 32 hex digits of SHA-256 over the parts (a redelivery makes the same id). */
export function deterministicId(prefix: string, ...parts: readonly string[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('\u001f'), 'utf8').digest('hex').slice(0, 32)}`;
}
