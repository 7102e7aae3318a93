import { ValidationError } from '@sharehub/kit';

/** The position after the last item of a page: its due time (ms, or null) and id. */
export interface CursorPosition {
  readonly dueMs: number | null;
  readonly id: string;
}

/** An opaque cursor for keyset paging by (due time, id). */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.dueMs, position.id])).toString('base64url');
}

/** Reads a cursor made by {@link encodeCursor}; a 400 naming `cursor` when it is not one. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (parsed[0] === null || Number.isSafeInteger(parsed[0])) &&
      typeof parsed[1] === 'string'
    )
      return { dueMs: parsed[0] as number | null, id: parsed[1] };
  } catch {
    // answered below
  }
  throw new ValidationError([{ path: 'cursor', code: 'INVALID', message: 'not a cursor this API gave' }]);
}

/** Whether an item at (dueMs, id) sorts after the cursor (nulls last, as in SQL `nulls last`). */
export function isAfter(dueMs: number | null, id: string, cursor: CursorPosition): boolean {
  const a = dueMs ?? Number.MAX_SAFE_INTEGER;
  const b = cursor.dueMs ?? Number.MAX_SAFE_INTEGER;
  return a > b || (a === b && id > cursor.id);
}
