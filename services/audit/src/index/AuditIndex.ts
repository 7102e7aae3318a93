import type { AuditKind } from '@sharehub/schemas';

/** One leaf of the log as the index holds it: the searchable facts and the record's canonical JSON text. */
export interface AuditIndexRow {
  readonly leafIndex: number;
  /** Hex SHA-256 leaf hash (RFC 6962: H(0x00 || canonical record bytes)). */
  readonly leafHash: string;
  readonly auditId: string;
  readonly kind: AuditKind;
  /** ISO-8601 instant (UTC). */
  readonly occurredAt: string;
  readonly area: string | null;
  readonly subjectPersonIds: readonly string[];
  readonly incidentRef: string | null;
  readonly carePlanRef: string | null;
  readonly maracCaseRef: string | null;
  readonly service: string | null;
  readonly teamId: string | null;
  readonly decisionId: string | null;
  readonly notificationId: string | null;
  /** The record's canonical JSON (RFC 8785, without `position`): exactly the bytes of the leaf. */
  readonly recordJson: string;
}

/** A search of the index: every given criterion must hold; results in leaf order. */
export interface AuditQuery {
  readonly subjectPersonId?: string;
  readonly incidentRef?: string;
  readonly carePlanRef?: string;
  readonly maracCaseRef?: string;
  readonly teamId?: string;
  readonly kinds?: readonly AuditKind[];
  readonly decisionId?: string;
  readonly notificationId?: string;
  readonly area?: string;
  /**
   * The caller's areas: only rows of these areas, and rows of no area (the hub's own records: refusals, dead
   * letters, which name no subject), are found. Unset: every area (the verifier and the sequencer only).
   */
  readonly areas?: readonly string[];
  /** Inclusive lower bound on `occurredAt` (ISO-8601 instant). */
  readonly from?: string;
  /** Exclusive upper bound on `occurredAt` (ISO-8601 instant). */
  readonly to?: string;
  /** Only leaves after this index (the page cursor). */
  readonly afterLeafIndex?: number;
  readonly limit: number;
}

/** One page of a search; `more` tells whether a further page exists after the last row. */
export interface AuditPage {
  readonly rows: readonly AuditIndexRow[];
  readonly more: boolean;
}

/** What the dashboard counts: the records of these kinds that occurred in `[from, to)` in the caller's areas. */
export interface AuditFactQuery {
  readonly kinds: readonly AuditKind[];
  /** Inclusive lower bound on `occurredAt` (ISO-8601 instant). */
  readonly from: string;
  /** Exclusive upper bound on `occurredAt` (ISO-8601 instant). */
  readonly to: string;
  /** Only rows of these areas (rows of no area are not counted: they are the hub's own, about no share). */
  readonly areas: readonly string[];
}

/** One record as the dashboard counts it: ids, team, times and rule ids only, never the record's people. */
export interface AuditFact {
  readonly kind: AuditKind;
  readonly occurredAt: string;
  readonly area: string;
  readonly service: string | null;
  readonly teamId: string | null;
  readonly notificationId: string | null;
  readonly triageId: string | null;
  /** The share's or triage item's due time (ISO-8601 instant), when the record has one. */
  readonly dueBy: string | null;
  /** The ids of the rules that fired, in the record's order (empty on a NOT_SHARED). */
  readonly ruleIds: readonly string[];
}

/**
 * The queryable index of the audit log, as a port: one row per leaf, `leafIndex` dense from 0 and `auditId`
 * unique. `SqlAuditIndex` (PostgreSQL or PGlite) and `InMemoryAuditIndex` both pass `auditIndexContract`.
 *
 * @example
 *   const known = await index.existing(batch.map((r) => r.auditId));
 *   await index.append(rows); // all or nothing; a taken leaf index or audit id is a LeafConflictError
 *   const page = await index.search({ subjectPersonId: 'p-1', limit: 50 });
 */
export interface AuditIndex {
  /** How many leaves the index holds (its next leaf index). */
  size(): Promise<number>;
  /** Which of these audit ids the index already holds, each with its leaf hash. */
  existing(auditIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * Adds rows in one transaction; they must continue the index densely (`rows[0].leafIndex === size()`). A
   * taken leaf index or audit id, or a gap, rejects them all with a LeafConflictError.
   */
  append(rows: readonly AuditIndexRow[]): Promise<void>;
  /** The hex leaf hashes of leaves [from, from + count) in order (fewer past the end): proofs read them. */
  leafHashes(from: number, count: number): Promise<string[]>;
  /** Up to `limit` rows from `fromLeafIndex` on, in leaf order (recovery and verification). */
  range(fromLeafIndex: number, limit: number): Promise<AuditIndexRow[]>;
  get(auditId: string): Promise<AuditIndexRow | undefined>;
  search(query: AuditQuery): Promise<AuditPage>;
  /** The dashboard's facts: one per record of the query's kinds, time range and areas, in leaf order. */
  facts(query: AuditFactQuery): Promise<AuditFact[]>;
  close(): Promise<void>;
}
