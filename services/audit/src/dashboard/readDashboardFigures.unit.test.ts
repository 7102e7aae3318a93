import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '@sharehub/schemas';
import { InMemoryAuditIndex } from '../index/InMemoryAuditIndex.js';
import { toIndexRow } from '../index/toIndexRow.js';
import { seededDashboardWeek } from '../testing/seededDashboardWeek.js';
import { dashboardFigures } from './dashboardFigures.js';
import { readDashboardFigures } from './readDashboardFigures.js';

async function indexOf(records: readonly AuditRecord[]): Promise<InMemoryAuditIndex> {
  const index = new InMemoryAuditIndex();
  await index.append(
    records.map((r, i) =>
      toIndexRow(r, { leafIndex: i, leafHash: 'h'.repeat(64), recordJson: JSON.stringify(r) }),
    ),
  );
  return index;
}

describe('readDashboardFigures', () => {
  it("counts a seeded week's decisions by day and rule, shares by team, acknowledgements in time, overdue and the triage queue", async () => {
    const figures = await readDashboardFigures(await indexOf(seededDashboardWeek()), {
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
      { service: 'HEALTH_VISITING', teamId: 'tr-hv-1', count: 3 },
      { service: 'GP', teamId: 'tr-gp-1', count: 1 },
    ]);
    expect(figures.acknowledgementByWeek).toEqual([
      {
        week: '2026-03-02',
        teamId: 'tr-gp-1',
        shares: 1,
        inTime: 0,
        late: 0,
        overdue: 0,
        notYetDue: 1,
        inTimePercent: null,
        medianHoursToAcknowledge: null,
      },
      // n1 in 6 hours (in time), n2 in 48 (late), n3 never (overdue): 1 of 3 due in time, median 27 hours.
      {
        week: '2026-03-02',
        teamId: 'tr-hv-1',
        shares: 3,
        inTime: 1,
        late: 1,
        overdue: 1,
        notYetDue: 0,
        inTimePercent: 33.3,
        medianHoursToAcknowledge: 27,
      },
    ]);
    expect(figures.overdueNow).toEqual([{ teamId: 'tr-hv-1', overdue: 1, escalated: 1 }]);
    expect(figures.triageQueue).toEqual([{ area: 'trafford', open: 1, oldestHours: 48, medianHours: 48 }]);
  });

  it('counts nothing for areas the caller does not hold', async () => {
    const figures = await readDashboardFigures(await indexOf(seededDashboardWeek()), {
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-09T00:00:00.000Z',
      areas: ['stoke'],
      now: '2026-03-09T12:00:00.000Z',
    });
    expect(figures).toEqual({
      decisionsByDay: [],
      sharesByTeam: [],
      acknowledgementByWeek: [],
      overdueNow: [],
      triageQueue: [],
    });
  });
});

describe('dashboardFigures', () => {
  it('puts a decision on its London day and a share in its London week (British Summer Time)', () => {
    const base = {
      area: 'trafford',
      service: 'GP',
      teamId: 'tr-gp-1',
      notificationId: 'n',
      triageId: null,
      dueBy: null,
      ruleIds: ['T1'],
    };
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
