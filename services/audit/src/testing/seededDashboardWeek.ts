import type { AuditRecord } from '@sharehub/schemas';
import { makeAuditRecord } from './makeAuditRecord.js';

const HV = { service: 'HEALTH_VISITING', teamId: 'tr-hv-1' } as const;
const GP = { service: 'GP', teamId: 'tr-gp-1' } as const;
const rule = (ruleId: string) => ({ ruleId, text: 'why', citation: 'where' });

/**
 * A week of Trafford's audit records for the dashboard's tests (Monday 2 March 2026, London on GMT): three decisions
 * (rules T1 and T5, T1, none), four shares to a health visiting and a GP team (one acknowledged in 6 hours and in
 * time, one in 48 hours and late, one escalated and never acknowledged, one due on 20 March), two triage routes (one
 * assigned), and two records that must not count (after the range; Kent). Each call makes fresh audit ids.
 */
export function seededDashboardWeek(tag = ''): AuditRecord[] {
  const share = (n: string, recipient: typeof HV | typeof GP, occurredAt: string, dueBy: string) =>
    makeAuditRecord({ kind: 'SHARE_SENT', notificationId: n, recipient, occurredAt, dueBy });
  const follow = (
    kind: 'ACKNOWLEDGED' | 'ESCALATED',
    n: string,
    recipient: typeof HV | typeof GP,
    occurredAt: string,
  ) => makeAuditRecord({ kind, notificationId: n, recipient, occurredAt });
  return [
    makeAuditRecord({
      kind: 'SHARED',
      occurredAt: '2026-03-02T09:00:00.000Z',
      rulesFired: [rule('T1'), rule('T5')],
    }),
    makeAuditRecord({ kind: 'SHARED', occurredAt: '2026-03-03T09:00:00.000Z', rulesFired: [rule('T1')] }),
    makeAuditRecord({
      kind: 'NOT_SHARED',
      occurredAt: '2026-03-03T10:00:00.000Z',
      rulesFired: [],
      recipient: null,
    }),
    share(tag + 'n1', HV, '2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z'),
    follow('ACKNOWLEDGED', tag + 'n1', HV, '2026-03-02T15:00:00.000Z'),
    share(tag + 'n2', HV, '2026-03-03T09:00:00.000Z', '2026-03-04T09:00:00.000Z'),
    follow('ACKNOWLEDGED', tag + 'n2', HV, '2026-03-05T09:00:00.000Z'),
    share(tag + 'n3', HV, '2026-03-03T10:00:00.000Z', '2026-03-04T10:00:00.000Z'),
    follow('ESCALATED', tag + 'n3', HV, '2026-03-04T10:00:00.000Z'),
    share(tag + 'n4', GP, '2026-03-06T10:00:00.000Z', '2026-03-20T10:00:00.000Z'),
    makeAuditRecord({
      kind: 'ROUTED_TO_TRIAGE',
      triageId: tag + 't1',
      recipient: null,
      occurredAt: '2026-03-07T12:00:00.000Z',
    }),
    makeAuditRecord({
      kind: 'ROUTED_TO_TRIAGE',
      triageId: tag + 't2',
      recipient: null,
      occurredAt: '2026-03-08T12:00:00.000Z',
    }),
    makeAuditRecord({
      kind: 'TRIAGE_ASSIGNED',
      triageId: tag + 't2',
      recipient: HV,
      occurredAt: '2026-03-08T13:00:00.000Z',
    }),
    // After the range, and in an area the caller does not hold: never counted.
    share(tag + 'n5', HV, '2026-03-09T01:00:00.000Z', '2026-03-10T01:00:00.000Z'),
    makeAuditRecord({
      kind: 'SHARED',
      area: 'kent',
      occurredAt: '2026-03-03T09:00:00.000Z',
      rulesFired: [rule('K1')],
    }),
  ];
}
