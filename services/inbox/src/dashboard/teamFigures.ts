import { londonDay, londonWeek } from '@sharehub/kit/web';
import type { InboxNotification, InboxTriageItem } from '../store/InboxStore.js';
import {
  acknowledgementFigure,
  HOUR_MS,
  triageQueueFigures,
  type AcknowledgementRow,
  type TriageQueueFigure,
} from '@sharehub/kit/web';

/** A team's dashboard figures, each a table (the charts draw the same rows). */
export interface TeamFigures {
  readonly teamId: string;
  /** Shares received per London day, by rule fired (a share counts once under each of its rules). */
  readonly sharesByDay: ReadonlyArray<{ day: string; rule: string; count: number }>;
  /** Per week of arrival (the London Monday): received, acknowledged in time, late, overdue, not yet due. */
  readonly acknowledgementByWeek: ReadonlyArray<AcknowledgementRow & { week: string }>;
  /** Every open notification of the team past its due time now, and of those the escalated. */
  readonly overdueNow: { readonly overdue: number; readonly escalated: number };
  /** The triage queue of each area the team triages (none for other teams): waiting items and their ages. */
  readonly triageQueue: readonly TriageQueueFigure[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A team's figures from the inbox store: the notifications it received in the range (`received`), its open
 * notifications overdue now (`overdueOpen`), and the waiting items of the triage queues it works (`waitingTriage`).
 * Time to acknowledge runs from arrival in the inbox. Pure: the same inputs and `now` give the same figures.
 */
export function teamFigures(
  teamId: string,
  input: {
    readonly received: readonly InboxNotification[];
    readonly overdueOpen: readonly InboxNotification[];
    readonly waitingTriage: readonly InboxTriageItem[];
  },
  now: string,
): TeamFigures {
  const nowMs = Date.parse(now);
  const days = new Map<string, { day: string; rule: string; count: number }>();
  const weeks = new Map<
    string,
    {
      week: string;
      shares: number;
      inTime: number;
      late: number;
      overdue: number;
      notYetDue: number;
      hours: number[];
    }
  >();
  for (const held of input.received) {
    const n = held.notification;
    const rules = n.rationale.length > 0 ? n.rationale.map((r) => r.ruleId) : ['no rule recorded'];
    for (const rule of new Set(rules)) {
      const key = `${londonDay(held.receivedAt)}|${rule}`;
      const row = days.get(key) ?? { day: londonDay(held.receivedAt), rule, count: 0 };
      row.count++;
      days.set(key, row);
    }
    const week = londonWeek(held.receivedAt);
    const row = weeks.get(week) ?? {
      week,
      shares: 0,
      inTime: 0,
      late: 0,
      overdue: 0,
      notYetDue: 0,
      hours: [],
    };
    row.shares++;
    const due = Date.parse(n.dueBy);
    if (held.acknowledgedAt) {
      row.hours.push((Date.parse(held.acknowledgedAt) - Date.parse(held.receivedAt)) / HOUR_MS);
      if (Date.parse(held.acknowledgedAt) <= due) row.inTime++;
      else row.late++;
    } else if (due < nowMs) row.overdue++;
    else row.notYetDue++;
    weeks.set(week, row);
  }
  const queues = new Map<string, number[]>();
  for (const t of input.waitingTriage) {
    const ages = queues.get(t.item.area) ?? [];
    ages.push(Math.max(0, (nowMs - Date.parse(t.receivedAt)) / HOUR_MS));
    queues.set(t.item.area, ages);
  }
  return {
    teamId,
    sharesByDay: [...days.values()].sort((a, b) => byText(a.day, b.day) || byText(a.rule, b.rule)),
    acknowledgementByWeek: [...weeks.values()]
      .sort((a, b) => byText(a.week, b.week))
      .map(acknowledgementFigure),
    overdueNow: {
      overdue: input.overdueOpen.length,
      escalated: input.overdueOpen.filter((n) => n.escalatedAt !== null).length,
    },
    triageQueue: triageQueueFigures(queues),
  };
}
