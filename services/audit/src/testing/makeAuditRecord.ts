import { randomUUID } from 'node:crypto';
import type { AuditRecord } from '@sharehub/schemas';

/** A valid SHARE_SENT AuditRecord for tests, with any field overridden. */
export function makeAuditRecord(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    auditId: randomUUID(),
    kind: 'SHARE_SENT',
    occurredAt: '2026-03-15T00:00:00.000Z',
    area: 'trafford',
    actor: 'router',
    source: { type: 'INCIDENT', eventId: randomUUID(), ref: 'GMP-0001' },
    dataCategories: ['incident', 'child'],
    recipient: { service: 'CHILDRENS_SOCIAL_CARE', teamId: 'tr-first-response' },
    subjectPersonIds: ['child-1'],
    lawfulBasis: 'UK GDPR Art. 6(1)(e), Art. 9(2)(g); DPA 2018 Sch. 1 Pt. 2 para. 18; Children Act 2004 s.11',
    consent: {
      status: 'NOT_SOUGHT',
      reason: 'seeking consent would increase the risk',
      basis: 'public task',
    },
    rulesFired: [
      { ruleId: 'T1', text: 'a child resides and a crime is recorded', citation: 'Trafford 3.1(a)' },
    ],
    rulesEvaluated: null,
    ruleset: { id: 'trafford', version: '1.0.0', hash: 'a'.repeat(64) },
    directory: { id: 'trafford', version: '1.0.0', hash: 'b'.repeat(64) },
    historyEventIds: [],
    decision: 'SHARED',
    shareKind: 'NOTIFICATION',
    decisionId: 'decision-1',
    notificationId: randomUUID(),
    triageId: null,
    dueBy: '2026-03-16T00:00:00.000Z',
    reason: null,
    detail: null,
    position: null,
    ...overrides,
  };
}
