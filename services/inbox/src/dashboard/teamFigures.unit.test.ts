import { describe, expect, it } from 'vitest';
import { InMemoryInboxStore } from '../testing/InMemoryInboxStore.js';
import { seedTeamWeek } from '../testing/seedTeamWeek.js';
import { teamFigures } from './teamFigures.js';

describe('teamFigures', () => {
  it("counts a team's week from the store: shares by day and rule, acknowledged in time per week, overdue now, triage ages", async () => {
    const store = new InMemoryInboxStore();
    await seedTeamWeek(store);
    const now = '2026-03-15T09:00:00.000Z';
    const received = await store.notificationsReceived(
      'tr-hv-central',
      '2026-03-02T00:00:00.000Z',
      '2026-03-09T00:00:00.000Z',
    );
    const overdueOpen = (
      await store.listNotifications({ teamId: 'tr-hv-central', status: 'open', overdueAt: now, limit: 50 })
    ).items;
    const waitingTriage = (await store.listTriage({ areas: ['trafford'], status: 'open', limit: 50 })).items;
    expect(teamFigures('tr-hv-central', { received, overdueOpen, waitingTriage }, now)).toEqual({
      teamId: 'tr-hv-central',
      sharesByDay: [
        { day: '2026-03-02', rule: 'T1', count: 1 },
        { day: '2026-03-03', rule: 'T1', count: 2 },
        { day: '2026-03-03', rule: 'T5', count: 1 },
        { day: '2026-03-06', rule: 'T1', count: 1 },
      ],
      acknowledgementByWeek: [
        {
          week: '2026-03-02',
          shares: 4,
          inTime: 1,
          late: 1,
          overdue: 1,
          notYetDue: 1,
          inTimePercent: 33.3,
          medianHoursToAcknowledge: 27,
        },
      ],
      overdueNow: { overdue: 2, escalated: 1 },
      triageQueue: [{ area: 'trafford', open: 1, oldestHours: 24, medianHours: 24 }],
    });
  });

  it('counts nothing when the team received nothing, and no triage queue for a team that does not triage', () => {
    expect(
      teamFigures('t', { received: [], overdueOpen: [], waitingTriage: [] }, '2026-03-15T09:00:00.000Z'),
    ).toEqual({
      teamId: 't',
      sharesByDay: [],
      acknowledgementByWeek: [],
      overdueNow: { overdue: 0, escalated: 0 },
      triageQueue: [],
    });
  });
});
