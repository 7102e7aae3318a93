import { LeafConflictError } from '../errors.js';
import type {
  AuditFact,
  AuditFactQuery,
  AuditIndex,
  AuditIndexRow,
  AuditPage,
  AuditQuery,
} from './AuditIndex.js';
import { factOfRecord } from './factOfRecord.js';
import { existingByIndexText, indexQuery, indexText } from './indexText.js';
import { matchesQuery } from './matchesQuery.js';

/** The AuditIndex fake: rows in an array, held to `auditIndexContract` like the SQL index. */
export class InMemoryAuditIndex implements AuditIndex {
  private readonly rows: AuditIndexRow[] = [];
  private readonly byAuditId = new Map<string, AuditIndexRow>();

  async size(): Promise<number> {
    return this.rows.length;
  }

  async existing(auditIds: readonly string[]): Promise<Map<string, string>> {
    return existingByIndexText(auditIds, async (keys) =>
      keys.flatMap((key) => {
        const row = this.byAuditId.get(key);
        return row ? [[key, row.leafHash] as const] : [];
      }),
    );
  }

  async append(rows: readonly AuditIndexRow[]): Promise<void> {
    const ids = new Set<string>();
    rows.forEach((row, i) => {
      if (row.leafIndex !== this.rows.length + i)
        throw new LeafConflictError(
          row.leafIndex,
          `leaf ${row.leafIndex} does not continue the index at ${this.rows.length + i}`,
        );
      if (this.byAuditId.has(row.auditId) || ids.has(row.auditId))
        throw new LeafConflictError(row.leafIndex, `audit id ${row.auditId} is already a leaf`);
      ids.add(row.auditId);
    });
    for (const row of rows) {
      const copy = { ...row, subjectPersonIds: [...row.subjectPersonIds] };
      this.rows.push(copy);
      this.byAuditId.set(row.auditId, copy);
    }
  }

  async leafHashes(from: number, count: number): Promise<string[]> {
    return this.rows.slice(from, from + count).map((row) => row.leafHash);
  }

  async range(fromLeafIndex: number, limit: number): Promise<AuditIndexRow[]> {
    return this.rows.slice(fromLeafIndex, fromLeafIndex + limit);
  }

  async get(auditId: string): Promise<AuditIndexRow | undefined> {
    return this.byAuditId.get(indexText(auditId));
  }

  async search(query: AuditQuery): Promise<AuditPage> {
    const q = indexQuery(query);
    const found: AuditIndexRow[] = [];
    for (const row of this.rows) {
      if (!matchesQuery(row, q)) continue;
      if (found.length === query.limit) return { rows: found, more: true };
      found.push(row);
    }
    return { rows: found, more: false };
  }

  async facts(query: AuditFactQuery): Promise<AuditFact[]> {
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    return this.rows
      .filter((row) => {
        const at = Date.parse(row.occurredAt);
        return (
          query.kinds.includes(row.kind) &&
          at >= from &&
          at < to &&
          row.area !== null &&
          query.areas.includes(row.area)
        );
      })
      .map((row) => factOfRecord(row, JSON.parse(row.recordJson) as Record<string, unknown>));
  }

  async close(): Promise<void> {}

  /** Test hook: overwrite a row in place, as someone with write access to the database could. */
  tamper(leafIndex: number, change: (row: AuditIndexRow) => AuditIndexRow): void {
    const row = this.rows[leafIndex];
    if (!row) throw new Error(`no leaf ${leafIndex}`);
    const changed = change(row);
    this.rows[leafIndex] = changed;
    this.byAuditId.delete(row.auditId);
    this.byAuditId.set(changed.auditId, changed);
  }
}
