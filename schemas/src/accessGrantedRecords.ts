import type { AuditRecord } from './generated/types.js';
import { newAuditRecord } from './newAuditRecord.js';

/** One item a caller was given: its area, its id, and the people it is about. */
export interface ReadItem {
  readonly area: string | null;
  readonly id: string;
  readonly subjectPersonIds: readonly string[];
}

/** One successful read of personal data: who read what, through which route, for what purpose. */
export interface Read {
  /** A fresh audit id for each record. */
  readonly auditId: () => string;
  readonly at: string;
  /** The token's subject. */
  readonly actor: string;
  readonly org: string;
  readonly service: string;
  /** The route pattern (never the path, which can hold a person id). */
  readonly route: string;
  /** Why the data was read, as a stable code (e.g. `IG_SEARCH`, `INBOX_READ`). */
  readonly purpose: string;
  /** What the ids of `items` are (`auditIds`, `notificationIds`). */
  readonly idsAre: 'auditIds' | 'notificationIds' | 'triageIds';
  readonly items: readonly ReadItem[];
}

/**
 * The ACCESS_GRANTED audit records of one successful read of personal data (docs/domain/audit-record.md; ADR 0092): one per area
 * read, so that each belongs to its area as the records read do, each naming the people its items were about (IG's
 * "who looked at this child's information" is a search by subject and kind), the ids returned (never their
 * contents), the actor, route and purpose. A read that returned nothing writes nothing.
 */
export function accessGrantedRecords(read: Read): AuditRecord[] {
  const byArea = new Map<string | null, ReadItem[]>();
  for (const item of read.items) byArea.set(item.area, [...(byArea.get(item.area) ?? []), item]);
  return [...byArea].map(([area, items]) => {
    const ids = items.map((i) => i.id);
    return newAuditRecord({
      auditId: read.auditId(),
      kind: 'ACCESS_GRANTED',
      occurredAt: read.at,
      area,
      actor: read.actor,
      subjectPersonIds: [...new Set(items.flatMap((i) => i.subjectPersonIds))],
      notificationId: read.idsAre === 'notificationIds' && ids.length === 1 ? ids[0]! : null,
      reason: read.purpose,
      detail: JSON.stringify({
        service: read.service,
        route: read.route,
        org: read.org,
        purpose: read.purpose,
        [read.idsAre]: ids,
      }),
    });
  });
}
