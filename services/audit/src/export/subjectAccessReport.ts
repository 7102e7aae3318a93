import type {
  AuditKind,
  AuditRecord,
  ConsentPosition,
  Rationale,
  Recipient,
  RuleEvaluation,
  SourceRef,
} from '@sharehub/schemas';
import type { AuditIndexRow } from '../index/AuditIndex.js';

/** One entry of a subject access export: what happened, when, to whom, why, and on what basis. */
export interface SubjectAccessEntry {
  readonly auditId: string;
  readonly leafIndex: number;
  readonly kind: AuditKind;
  readonly occurredAt: string;
  readonly area: string | null;
  readonly source: SourceRef | null;
  readonly recipient: Recipient | null;
  readonly shareKind: string | null;
  readonly dataCategories: readonly string[];
  readonly rulesFired: readonly Rationale[];
  readonly rulesEvaluated: readonly RuleEvaluation[] | null;
  readonly lawfulBasis: string | null;
  readonly consent: ConsentPosition | null;
  readonly ruleset: { id: string; version: string } | null;
  readonly dueBy: string | null;
  readonly reason: string | null;
}

/** Everything the log holds about one person, in log order, for a subject access request (UK GDPR Art. 15). */
export interface SubjectAccessReport {
  readonly personId: string;
  readonly generatedAt: string;
  /** How many leaves the log held when the export was read (every record below sits before it). */
  readonly logSize: number;
  /** The areas whose records the export lists: the reader's; records of other areas are not in it. */
  readonly areas: readonly string[];
  /** The same, in words, for the person reading the export. */
  readonly scope: string;
  /** Each share sent about them: to whom, when, why (rules with citations), lawful basis, consent position. */
  readonly shares: readonly SubjectAccessEntry[];
  /** Each decision not to share that named them, with every rule evaluated and why it did not fire. */
  readonly decisionsNotToShare: readonly SubjectAccessEntry[];
  /** Every other record that names them: decisions to share, triage, acknowledgements, escalations. */
  readonly otherRecords: readonly SubjectAccessEntry[];
}

/** Builds the subject access report from the index rows naming the person (in leaf order). */
export function subjectAccessReport(
  personId: string,
  rows: readonly AuditIndexRow[],
  meta: { generatedAt: string; logSize: number; areas: readonly string[] },
): SubjectAccessReport {
  const shares: SubjectAccessEntry[] = [];
  const decisionsNotToShare: SubjectAccessEntry[] = [];
  const otherRecords: SubjectAccessEntry[] = [];
  for (const row of rows) {
    const entry = toEntry(row, JSON.parse(row.recordJson) as AuditRecord);
    if (row.kind === 'SHARE_SENT') shares.push(entry);
    else if (row.kind === 'NOT_SHARED') decisionsNotToShare.push(entry);
    else otherRecords.push(entry);
  }
  const scope =
    `Only the records of the area${meta.areas.length === 1 ? '' : 's'} ${meta.areas.join(', ') || '(none)'} ` +
    '(and the hub’s own records, which belong to no area) are listed; records of any other area are not included.';
  return { personId, ...meta, areas: [...meta.areas], scope, shares, decisionsNotToShare, otherRecords };
}

function toEntry(row: AuditIndexRow, record: AuditRecord): SubjectAccessEntry {
  return {
    auditId: record.auditId,
    leafIndex: row.leafIndex,
    kind: record.kind,
    occurredAt: record.occurredAt,
    area: record.area,
    source: record.source,
    recipient: record.recipient,
    shareKind: record.shareKind,
    dataCategories: record.dataCategories,
    rulesFired: record.rulesFired,
    rulesEvaluated: record.rulesEvaluated,
    lawfulBasis: record.lawfulBasis,
    consent: record.consent,
    ruleset: record.ruleset ? { id: record.ruleset.id, version: record.ruleset.version } : null,
    dueBy: record.dueBy,
    reason: record.reason,
  };
}
