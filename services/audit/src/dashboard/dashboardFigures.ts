import { londonDay, londonWeek } from '@sharehub/kit/web';
import type { AuditFact } from '../index/AuditIndex.js';
import {
  acknowledgementFigure,
  HOUR_MS,
  triageQueueFigures,
  type AcknowledgementRow,
  type TriageQueueFigure,
} from '@sharehub/kit/web';

/** The dashboard's figures, each a table (the charts draw the same rows). */
export interface DashboardFigures {
  /** Decisions per London day, shared and not shared, per rule fired (a decision counts once under each rule). */
  readonly decisionsByDay: ReadonlyArray<{
    day: string;
    decision: 'Shared' | 'Not shared';
    rule: string;
    count: number;
  }>;
  /** Shares sent in the range per service and team, most first. */
  readonly sharesByTeam: ReadonlyArray<{ service: string; teamId: string; count: number }>;
  /**
   * Per team and week of sending (the London Monday): shares sent, acknowledged by their due time, acknowledged
   * late, past due unacknowledged, not yet due; the percentage in time of those due or acknowledged; the median hours
   * from share to acknowledgement.
   */
  readonly acknowledgementByWeek: ReadonlyArray<AcknowledgementRow & { week: string; teamId: string }>;
  /** Per team, of the range's shares: unacknowledged past their due time now, and of those the escalated. */
  readonly overdueNow: ReadonlyArray<{ teamId: string; overdue: number; escalated: number }>;
  /** Per area, of the range's triage items: those not yet assigned, and the age in hours of the oldest and median. */
  readonly triageQueue: readonly TriageQueueFigure[];
}

/**
 * The dashboard's figures from the audit index's facts: the range's decisions, shares and triage routes, and the
 * acknowledgements, escalations and assignments from the range's start until `now` (an acknowledgement is matched to its share by
 * notification id, an assignment to its triage route by triage id). Pure: the same facts and `now` give the same
 * figures.
 */
export function dashboardFigures(facts: readonly AuditFact[], now: string): DashboardFigures {
  const nowMs = Date.parse(now);
  const firstOf = (kind: AuditFact['kind'], key: (f: AuditFact) => string | null) => {
    const found = new Map<string, AuditFact>();
    for (const f of facts) {
      const k = f.kind === kind ? key(f) : null;
      if (k !== null && !found.has(k)) found.set(k, f);
    }
    return found;
  };
  const acknowledged = firstOf('ACKNOWLEDGED', (f) => f.notificationId);
  const escalated = firstOf('ESCALATED', (f) => f.notificationId);
  const assigned = firstOf('TRIAGE_ASSIGNED', (f) => f.triageId);

  const decisions = new Map<
    string,
    { day: string; decision: 'Shared' | 'Not shared'; rule: string; count: number }
  >();
  for (const f of facts) {
    if (f.kind !== 'SHARED' && f.kind !== 'NOT_SHARED') continue;
    const decision = f.kind === 'SHARED' ? 'Shared' : 'Not shared';
    for (const rule of f.ruleIds.length > 0 ? f.ruleIds : ['no rule fired']) {
      const key = `${londonDay(f.occurredAt)}|${decision}|${rule}`;
      const row = decisions.get(key) ?? { day: londonDay(f.occurredAt), decision, rule, count: 0 };
      row.count++;
      decisions.set(key, row);
    }
  }

  const shares = facts.filter((f) => f.kind === 'SHARE_SENT' && f.teamId !== null);
  const byTeam = new Map<string, { service: string; teamId: string; count: number }>();
  for (const f of shares) {
    const key = `${f.service}|${f.teamId}`;
    const row = byTeam.get(key) ?? { service: f.service ?? 'unknown', teamId: f.teamId!, count: 0 };
    row.count++;
    byTeam.set(key, row);
  }

  const weeks = new Map<
    string,
    {
      week: string;
      teamId: string;
      shares: number;
      inTime: number;
      late: number;
      overdue: number;
      notYetDue: number;
      hours: number[];
    }
  >();
  const overdue = new Map<string, { teamId: string; overdue: number; escalated: number }>();
  for (const f of shares) {
    const key = `${londonWeek(f.occurredAt)}|${f.teamId}`;
    const row = weeks.get(key) ?? {
      week: londonWeek(f.occurredAt),
      teamId: f.teamId!,
      shares: 0,
      inTime: 0,
      late: 0,
      overdue: 0,
      notYetDue: 0,
      hours: [],
    };
    row.shares++;
    const ack = f.notificationId ? acknowledged.get(f.notificationId) : undefined;
    const due = f.dueBy ? Date.parse(f.dueBy) : Number.POSITIVE_INFINITY;
    if (ack) {
      row.hours.push((Date.parse(ack.occurredAt) - Date.parse(f.occurredAt)) / HOUR_MS);
      if (Date.parse(ack.occurredAt) <= due) row.inTime++;
      else row.late++;
    } else if (due < nowMs) {
      row.overdue++;
      const team = overdue.get(f.teamId!) ?? { teamId: f.teamId!, overdue: 0, escalated: 0 };
      team.overdue++;
      if (f.notificationId && escalated.has(f.notificationId)) team.escalated++;
      overdue.set(f.teamId!, team);
    } else row.notYetDue++;
    weeks.set(key, row);
  }

  const queues = new Map<string, number[]>();
  for (const f of facts) {
    if (f.kind !== 'ROUTED_TO_TRIAGE' || (f.triageId && assigned.has(f.triageId))) continue;
    const ages = queues.get(f.area) ?? [];
    ages.push(Math.max(0, (nowMs - Date.parse(f.occurredAt)) / HOUR_MS));
    queues.set(f.area, ages);
  }

  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    decisionsByDay: [...decisions.values()].sort(
      (a, b) => byText(a.day, b.day) || byText(a.decision, b.decision) || byText(a.rule, b.rule),
    ),
    sharesByTeam: [...byTeam.values()].sort((a, b) => b.count - a.count || byText(a.teamId, b.teamId)),
    acknowledgementByWeek: [...weeks.values()]
      .sort((a, b) => byText(a.week, b.week) || byText(a.teamId, b.teamId))
      .map(acknowledgementFigure),
    overdueNow: [...overdue.values()].sort((a, b) => b.overdue - a.overdue || byText(a.teamId, b.teamId)),
    triageQueue: triageQueueFigures(queues),
  };
}
