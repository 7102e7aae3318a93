import { createHash } from 'node:crypto';
import type { AuditQuery } from './AuditIndex.js';

/** The most characters a searchable column of the index holds (B-tree and GIN entries have a size limit). */
export const INDEX_TEXT_MAX = 256;
const HASH_MARK = '…sha256:';
// NUL has no place in PostgreSQL text; a lone surrogate has no UTF-8 form.
const UNSTORABLE = /[\u0000]|\p{Cs}/u;
const EACH_UNSTORABLE = new RegExp(UNSTORABLE.source, 'gu');
// The instants every database and driver reads back as written: years 1000 to 9999 (drivers read years below 100
// as 19xx or 20xx).
const FIRST_INSTANT = -30_610_224_000_000;
const LAST_INSTANT = 253_402_300_799_999;

/**
 * The index's copy of a string from a record, in a form every database takes (ADR 0060): the value itself when it
 * holds no NUL or lone surrogate and has at most {@link INDEX_TEXT_MAX} characters; otherwise those characters
 * written as `\uXXXX`, cut short, and ended with `…sha256:` and the hash of the whole value, so that two values
 * never share a copy. A pure function of the value: the verifier derives the same copy from the leaf, and a
 * look-up by the original value finds its row.
 */
export function indexText(value: string): string {
  if (value.length <= INDEX_TEXT_MAX && !UNSTORABLE.test(value)) return value;
  const escaped = value.replace(
    EACH_UNSTORABLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const hash = createHash('sha256').update(JSON.stringify(value)).digest('hex');
  const room = INDEX_TEXT_MAX - HASH_MARK.length - hash.length;
  return `${[...escaped].slice(0, room).join('')}${HASH_MARK}${hash}`;
}

/** {@link indexText} of a value that may be absent. */
export function indexTextOrNull(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : indexText(value);
}

/** The index's copy of an instant: ISO-8601 in UTC, held within the years 1000 to 9999 (a record's own may not be). */
export function indexInstant(value: string): string {
  const ms = Date.parse(value);
  return new Date(Number.isNaN(ms) ? 0 : Math.min(LAST_INSTANT, Math.max(FIRST_INSTANT, ms))).toISOString();
}

/** A query with each value in the index's form, so that a search by a record's own value finds its row. */
export function indexQuery(q: AuditQuery): AuditQuery {
  const text = (v: string | undefined) => (v === undefined ? undefined : indexText(v));
  return {
    ...q,
    subjectPersonId: text(q.subjectPersonId),
    incidentRef: text(q.incidentRef),
    carePlanRef: text(q.carePlanRef),
    maracCaseRef: text(q.maracCaseRef),
    teamId: text(q.teamId),
    decisionId: text(q.decisionId),
    notificationId: text(q.notificationId),
    area: text(q.area),
  };
}

/** Looks audit ids up by their index form, and answers by the ids as asked. */
export async function existingByIndexText(
  auditIds: readonly string[],
  lookUp: (keys: string[]) => Promise<ReadonlyArray<readonly [string, string]>>,
): Promise<Map<string, string>> {
  const asked = new Map(auditIds.map((id) => [indexText(id), id]));
  const found = await lookUp([...asked.keys()]);
  return new Map(found.map(([key, hash]) => [asked.get(key) ?? key, hash]));
}
