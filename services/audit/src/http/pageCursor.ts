import { AuditQueryError } from '../errors.js';

/** The opaque page cursor of a search: the last leaf index of the page before. */
export function encodeCursor(afterLeafIndex: number): string {
  return Buffer.from(JSON.stringify({ after: afterLeafIndex }), 'utf8').toString('base64url');
}

/** Reads a cursor made by {@link encodeCursor}; anything else is an AUDIT_QUERY_INVALID problem. */
export function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'number' && Number.isSafeInteger(parsed.after) && parsed.after >= 0)
      return parsed.after;
  } catch {
    // fall through to the problem below
  }
  throw new AuditQueryError([
    { path: 'cursor', code: 'INVALID', message: 'is not a cursor this API issued' },
  ]);
}
