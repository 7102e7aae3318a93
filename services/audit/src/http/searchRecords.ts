import type { AuditIndex, AuditIndexRow } from '../index/AuditIndex.js';
import { encodeCursor } from './pageCursor.js';
import { parseSearchQuery } from './parseSearchQuery.js';

/** One page of an IG search: the rows in leaf order and the cursor of the next page (null on the last). */
export interface SearchResult {
  readonly rows: readonly AuditIndexRow[];
  readonly nextCursor: string | null;
}

/**
 * The IG search behind both `GET /v1/audit/records` and the `/ig` page: parses the query string (throwing
 * AuditQueryError naming every bad parameter) and reads one page of the index, of the caller's areas only.
 */
export async function searchRecords(
  index: AuditIndex,
  query: Record<string, unknown>,
  pageSize: { default: number; max: number },
  areas: readonly string[],
): Promise<SearchResult> {
  const page = await index.search({ ...parseSearchQuery(query, pageSize), areas });
  const last = page.rows.at(-1);
  return { rows: page.rows, nextCursor: page.more && last ? encodeCursor(last.leafIndex) : null };
}
