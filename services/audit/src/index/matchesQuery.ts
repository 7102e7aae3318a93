import type { AuditIndexRow, AuditQuery } from './AuditIndex.js';

/** Whether a row satisfies every criterion of a query (the in-memory index's filter; SQL does the same in `where`). */
export function matchesQuery(row: AuditIndexRow, q: AuditQuery): boolean {
  const at = Date.parse(row.occurredAt);
  return (
    (q.afterLeafIndex === undefined || row.leafIndex > q.afterLeafIndex) &&
    (q.subjectPersonId === undefined || row.subjectPersonIds.includes(q.subjectPersonId)) &&
    (q.incidentRef === undefined || row.incidentRef === q.incidentRef) &&
    (q.carePlanRef === undefined || row.carePlanRef === q.carePlanRef) &&
    (q.maracCaseRef === undefined || row.maracCaseRef === q.maracCaseRef) &&
    (q.teamId === undefined || row.teamId === q.teamId) &&
    (q.kinds === undefined || q.kinds.includes(row.kind)) &&
    (q.decisionId === undefined || row.decisionId === q.decisionId) &&
    (q.notificationId === undefined || row.notificationId === q.notificationId) &&
    (q.area === undefined || row.area === q.area) &&
    (q.areas === undefined || row.area === null || q.areas.includes(row.area)) &&
    (q.from === undefined || at >= Date.parse(q.from)) &&
    (q.to === undefined || at < Date.parse(q.to))
  );
}
