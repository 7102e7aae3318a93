import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '@sharehub/schemas';
import { InMemoryAuditIndex } from '../index/InMemoryAuditIndex.js';
import { toIndexRow } from '../index/toIndexRow.js';
import { makeAuditRecord } from '../testing/makeAuditRecord.js';
import { dashboardFigures } from './dashboardFigures.js';
import { readDashboardFigures } from './readDashboardFigures.js';

const HV = { service: 'HEALTH_VISITING', teamId: 'tr-hv-1' };
const GP = { service: 'GP', teamId: 'tr-gp-1' };
const rule = (ruleId: string) => ({ ruleId, text: 'why', citation: 'where' });

/** A week of Trafford's records (Monday 2 March 2026, London on GMT), and some that must not count. */
function seededWeek(): AuditRecord[] {
  const share = (n: string, recipient: typeof HV, occurredAt: string, dueBy: string) =>
    makeAuditRecord({ kind: 'SHARE_SENT', notificationId: n, recipient, occurredAt, dueBy });
  const follow = (kind: 'ACKNOWLEDGED' | 'ESCALATED', n: string, recipient: typeof HV, occurredAt: string) =>
    makeAuditRecord({ kind, notificationId: n, recipient, occurredAt });
  return [
    makeAuditRecord({ kind: 'SHARED', occurredAt: '2026-03-02T09:00:00.000Z', rulesFired: [rule('T1'), rule('T5')] }),
    makeAuditRecord({ kind: 'SHARED', occurredAt: '2026-03-03T09:00:00.000Z', rulesFired: [rule('T1')] }),
    makeAuditRecord({ kind: 'NOT_SHARED', occurredAt: '2026-03-03T10:00:00.000Z', rulesFired: [], recipient: null }),
    share('n1', HV, '2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z'),
    follow('ACKNOWLEDGED', 'n1', HV, '2026-03-02T15:00:00.000Z'),
    share('n2', HV, '2026-03-03T09:00:00.000Z', '2026-03-04T09:00:00.000Z'),
    follow('ACKNOWLEDGED', 'n2', HV, '2026-03-05T09:00:00.000Z'),
    share('n3', HV, '2026-03-03T10:00:00.000Z', '2026-03-04T10:00:00.000Z'),
    follow('ESCALATED', 'n3', HV, '2026-03-04T10:00:00.000Z'),
    share('n4', GP, '2026-03-06T10:00:00.000Z', '2026-03-20T10:00:00.000Z'),
    makeAuditRecord({ kind: 'ROUTED_TO_TRIAGE', triageId: 't1', recipient: null, occurredAt: '2026-03-07T12:00:00.000Z' }),
    makeAuditRecord({ kind: 'ROUTED_TO_TRIAGE', triageId: 't2', recipient: null, occurredAt: '2026-03-08T12:00:00.000Z' }),
    makeAuditRecord({ kind: 'TRIAGE_ASSIGNED', triageId: 't2', recipient: HV, occurredAt: '2026-03-08T13:00:00.000Z' }),
    // After the range, and in an area the caller does not hold: never counted.
    share('n5', HV, '2026-03-09T01:00:00.000Z', '2026-03-10T01:00:00.000Z'),
    makeAuditRecord({ kind: 'SHARED', area: 'kent', occurredAt: '2026-03-03T09:00:00.000Z', rulesFired: [rule('K1')] }),
  ];
}

async function indexOf(records: readonly AuditRecord[]): Promise<InMemoryAuditIndex> {
  const index = new InMemoryAuditIndex();
  await index.append(
    records.map((r, i) => toIndexRow(r, { leafIndex: i, leafHash: 'h'.repeat(64), recordJson: JSON.stringify(r) })),
  );
  return index;
}

describe('readDashboardFigures', () => {
  it("counts a seeded week's decisions by day and rule, shares by team, acknowledgements in time, overdue and the triage queue", async () => {
    const figures = await readDashboardFigures(await indexOf(seededWeek()), {
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-09T00:00:00.000Z',
      areas: ['trafford'],
      now: '2026-03-09T12:00:00.000Z',
    });
    expect(figures.decisionsByDay).toEqual([
      { day: '2026-03-02', decision: 'Shared', rule: 'T1', count: 1 },
      { day: '2026-03-02', decision: 'Shared', rule: 'T5', count: 1 },
      { day: '2026-03-03', decision: 'Not shared', rule: 'no rule fired', count: 1 },
      { day: '2026-03-03', decision: 'Shared', rule: 'T1', count: 1 },
    ]);
    expect(figures.sharesByTeam).toEqual([
      { ...HV, count: 3 },
      { ...GP, count: 1 },
    ]);
    expect(figures.acknowledgementByWeek).toEqual([
      { week: '2026-03-02', teamId: 'tr-gp-1', shares: 1, inTime: 0, late: 0, overdue: 0, notYetDue: 1, inTimePercent: null, medianHoursToAcknowledge: null },
      // n1 in 6 hours (in time), n2 in 48 (late), n3 never (overdue): 1 of 3 due in time, median 27 hours.
      { week: '2026-03-02', teamId: 'tr-hv-1', shares: 3, inTime: 1, late: 1, overdue: 1, notYetDue: 0, inTimePercent: 33.3, medianHoursToAcknowledge: 27 },
    ]);
    expect(figures.overdueNow).toEqual([{ teamId: 'tr-hv-1', overdue: 1, escalated: 1 }]);
    expect(figures.triageQueue).toEqual([{ area: 'trafford', open: 1, oldestHours: 48, medianHours: 48 }]);
  });

  it('counts nothing for areas the caller does not hold', async () => {
    const figures = await readDashboardFigures(await indexOf(seededWeek()), {
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-09T00:00:00.000Z',
      areas: ['stoke'],
      now: '2026-03-09T12:00:00.000Z',
    });
    expect(figures).toEqual({ decisionsByDay: [], sharesByTeam: [], acknowledgementByWeek: [], overdueNow: [], triageQueue: [] });
  });
});

describe('dashboardFigures', () => {
  it('puts a decision on its London day and a share in its London week (British Summer Time)', () => {
    const base = { area: 'trafford', service: 'GP', teamId: 'tr-gp-1', notificationId: 'n', triageId: null, dueBy: null, ruleIds: ['T1'] };
    // 23:30 UTC on Sunday 31 May is 00:30 on Monday 1 June in London.
    const figures = dashboardFigures(
      [
        { ...base, kind: 'SHARED', occurredAt: '2026-05-31T23:30:00.000Z' },
        { ...base, kind: 'SHARE_SENT', occurredAt: '2026-05-31T23:30:00.000Z' },
      ],
      '2026-06-02T00:00:00.000Z',
    );
    expect(figures.decisionsByDay).toEqual([{ day: '2026-06-01', decision: 'Shared', rule: 'T1', count: 1 }]);
    expect(figures.acknowledgementByWeek.map((w) => w.week)).toEqual(['2026-06-01']);
  });
});
