import type { AuditFact, AuditIndexRow } from './AuditIndex.js';

/** The dashboard's fact of an index row, its triage id, due time and fired rules read from the record's JSON. */
export function factOfRecord(
  row: Pick<AuditIndexRow, 'kind' | 'occurredAt' | 'area' | 'service' | 'teamId' | 'notificationId'>,
  record: { readonly triageId?: unknown; readonly dueBy?: unknown; readonly rulesFired?: unknown },
): AuditFact {
  const rules = Array.isArray(record.rulesFired) ? (record.rulesFired as Array<{ ruleId?: unknown }>) : [];
  return {
    kind: row.kind,
    occurredAt: row.occurredAt,
    area: row.area ?? '',
    service: row.service,
    teamId: row.teamId,
    notificationId: row.notificationId,
    triageId: typeof record.triageId === 'string' ? record.triageId : null,
    dueBy: typeof record.dueBy === 'string' ? new Date(record.dueBy).toISOString() : null,
    ruleIds: rules.flatMap((r) => (typeof r.ruleId === 'string' ? [r.ruleId] : [])),
  };
}
