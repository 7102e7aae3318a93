import type { AuditRecord } from './generated/types.js';

/** An audit record with every optional part empty, then the given fields: the one place that spells out the shape. */
export function newAuditRecord(
  fields: Pick<AuditRecord, 'auditId' | 'kind' | 'occurredAt'> & Partial<AuditRecord>,
): AuditRecord {
  return {
    area: null,
    actor: null,
    source: null,
    dataCategories: [],
    recipient: null,
    subjectPersonIds: [],
    lawfulBasis: null,
    consent: null,
    rulesFired: [],
    rulesEvaluated: null,
    ruleset: null,
    directory: null,
    historyEventIds: [],
    decision: null,
    shareKind: null,
    decisionId: null,
    notificationId: null,
    triageId: null,
    dueBy: null,
    reason: null,
    detail: null,
    position: null,
    ...fields,
  };
}
