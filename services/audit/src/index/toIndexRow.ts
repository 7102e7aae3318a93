import type { AuditRecord } from '@sharehub/schemas';
import type { AuditIndexRow } from './AuditIndex.js';
import { indexInstant, indexText, indexTextOrNull } from './indexText.js';

const REF_KEYS = ['incidentRef', 'carePlanRef', 'maracCaseRef'] as const;

/**
 * The index row of a leaf: the record's searchable facts, taken only from the record itself, so that the verifier
 * can derive the row again from the leaf bytes and find any edited column. Every column is in a form the database
 * takes whatever the record holds (`indexText`, `indexInstant`); `recordJson` is the leaf's exact canonical JSON,
 * whose escapes already make it storable.
 */
export function toIndexRow(
  record: AuditRecord,
  leaf: { leafIndex: number; leafHash: string; recordJson: string },
): AuditIndexRow {
  const refs: Record<(typeof REF_KEYS)[number], string | null> = {
    incidentRef: null,
    carePlanRef: null,
    maracCaseRef: null,
  };
  const source = record.source;
  if (source?.type === 'INCIDENT') refs.incidentRef = source.ref;
  if (source?.type === 'CARE_PLAN') refs.carePlanRef = source.ref;
  if (source?.type === 'MARAC_LISTING') refs.maracCaseRef = source.ref;
  // `detail` may name the other references (e.g. the incident inside a police care plan, or the care plan a
  // decision caused); take them where the source did not.
  const detail = parseDetail(record.detail);
  for (const key of REF_KEYS) {
    const value = detail[key];
    if (refs[key] === null && typeof value === 'string' && value.length > 0) refs[key] = value;
  }
  return {
    leafIndex: leaf.leafIndex,
    leafHash: leaf.leafHash,
    auditId: indexText(record.auditId),
    kind: record.kind,
    occurredAt: indexInstant(record.occurredAt),
    area: indexTextOrNull(record.area),
    subjectPersonIds: record.subjectPersonIds.map(indexText),
    incidentRef: indexTextOrNull(refs.incidentRef),
    carePlanRef: indexTextOrNull(refs.carePlanRef),
    maracCaseRef: indexTextOrNull(refs.maracCaseRef),
    service: indexTextOrNull(record.recipient?.service),
    teamId: indexTextOrNull(record.recipient?.teamId),
    decisionId: indexTextOrNull(record.decisionId),
    notificationId: indexTextOrNull(record.notificationId),
    recordJson: leaf.recordJson,
  };
}

function parseDetail(detail: string | null): Record<string, unknown> {
  if (!detail) return {};
  try {
    const parsed: unknown = JSON.parse(detail);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
