import * as crypto from 'node:crypto';

// crypto.hash (Node 20.12+) is the one-shot form of createHash: the same SHA-256, without the streaming object.
const sha256hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** A deterministic id: a prefix and 32 hex digits of SHA-256 over the parts (a redelivery makes the same id). */
export function deterministicId(prefix: string, ...parts: readonly string[]): string {
  return `${prefix}-${sha256hex(parts.join('\u001f')).slice(0, 32)}`;
}
