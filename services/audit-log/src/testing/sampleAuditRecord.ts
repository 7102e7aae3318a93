import type { AuditRecordJson } from '../canonicalRecord.js';

/** A realistic audit record (the JSON form of the Avro `AuditRecord`, no personal data) numbered `n`, for tests. */
export function sampleAuditRecord(n: number): AuditRecordJson {
  const occurredAt = new Date(Date.UTC(2026, 2, 20, 9, 0, 0) + n * 1000).toISOString();
  return {
    auditId: `audit-${String(n).padStart(8, '0')}`,
    kind: n % 3 === 0 ? 'SHARED' : n % 3 === 1 ? 'SHARE_SENT' : 'ACKNOWLEDGED',
    occurredAt,
    area: 'trafford',
    actor: 'router',
    source: { type: 'INCIDENT', eventId: `evt-${n}`, ref: `INC-${1000 + n}` },
    dataCategories: ['incident-summary', 'risk-level'],
    recipient: { service: 'SCHOOL_NURSING', teamId: `team-${n % 7}` },
    subjectPersonIds: [`p-${n % 97}`, `p-${(n + 1) % 97}`],
    lawfulBasis: 'UK GDPR Art. 6(1)(e); Art. 9(2)(g); DPA 2018 Sch. 1 Pt. 2 para. 18; Children Act 2004 s.11',
    consent: { status: 'NOT_SOUGHT', reason: null, basis: 'safeguarding' },
    rulesFired: [{ ruleId: 'T1', text: 'Child present', citation: 'Trafford protocol 3.1' }],
    rulesEvaluated: null,
    ruleset: { id: 'trafford', version: '2026.1', hash: 'a'.repeat(64) },
    directory: { id: 'trafford', version: '2026.1', hash: 'b'.repeat(64) },
    historyEventIds: [],
    decision: 'SHARED',
    shareKind: 'NOTIFICATION',
    decisionId: `dec-${n}`,
    notificationId: `ntf-${n}`,
    triageId: null,
    dueBy: null,
    reason: null,
    detail: null,
    position: null,
  };
}
