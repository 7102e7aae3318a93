import type { AuditIndex } from '../index/AuditIndex.js';
import { dashboardFigures, type DashboardFigures } from './dashboardFigures.js';

/** What the dashboard shows: a time range, the areas it may count, and the instant "now" is. */
export interface DashboardQuery {
  /** Inclusive start (ISO-8601 instant). */
  readonly from: string;
  /** Exclusive end (ISO-8601 instant). */
  readonly to: string;
  readonly areas: readonly string[];
  readonly now: string;
}

/**
 * The dashboard's figures, read from the audit index (two queries over what it holds, no copy): the range's
 * decisions, shares and triage routes, and what followed them (acknowledgements, escalations, assignments) from the
 * range's start until now.
 */
export async function readDashboardFigures(
  index: AuditIndex,
  query: DashboardQuery,
): Promise<DashboardFigures> {
  const [inRange, followUps] = await Promise.all([
    index.facts({
      kinds: ['SHARED', 'NOT_SHARED', 'SHARE_SENT', 'ROUTED_TO_TRIAGE'],
      from: query.from,
      to: query.to,
      areas: query.areas,
    }),
    index.facts({
      kinds: ['ACKNOWLEDGED', 'ESCALATED', 'TRIAGE_ASSIGNED'],
      from: query.from,
      to: new Date(Math.max(Date.parse(query.now), Date.parse(query.to))).toISOString(),
      areas: query.areas,
    }),
  ]);
  return dashboardFigures([...inRange, ...followUps], query.now);
}
