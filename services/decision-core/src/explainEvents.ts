import type { AreaContext } from './areaContext.js';
import { decideCarePlan, decideIncident, decideMarac } from './decide.js';
import { detectEventType } from './detectEventType.js';
import { History } from './History.js';
import type {
  CarePlanIssued,
  ConsentRecorded,
  Decision,
  HistoryView,
  IncidentBody,
  MaracListed,
} from './model.js';
import { listingSummaryOf } from './listingSummaryOf.js';
import type { MemoryHistory } from './MemoryHistory.js';

export { detectEventType };

/** The input events explain understands. */
export type ExplainableEvent =
  | { readonly type: 'IncidentRecorded'; readonly event: IncidentBody }
  | { readonly type: 'CarePlanIssued'; readonly event: CarePlanIssued }
  | { readonly type: 'MaracListed'; readonly event: MaracListed }
  | { readonly type: 'ConsentRecorded'; readonly event: ConsentRecorded };

/** One element of explain's output (EVENTS.md, "The explain command's output"). */
export type Explanation =
  | { readonly decision: 'DUPLICATE' }
  | { readonly decision: 'RECORDED' }
  | {
      readonly decision: 'SHARED' | 'NOT_SHARED';
      readonly ruleset: { id: string; version: string; hash: string };
      readonly rulesFired: readonly string[];
      readonly rulesEvaluated: ReadonlyArray<{ ruleId: string; fired: boolean; reason: string }>;
      readonly directory: { id: string; version: string; hash: string };
      readonly notifications: ReadonlyArray<{
        service: string;
        teamId: string;
        subjectPersonId: string;
        shareKind: string;
        dueBy: string;
        flags: readonly string[];
        isRepeatMarac: boolean;
      }>;
      readonly triage: ReadonlyArray<{ subjectPersonId: string | null; route: string; reason: string }>;
    };

/** The flattened, explain-shaped view of a decision. */
export function toExplanation(d: Decision): Explanation {
  return {
    decision: d.decision,
    ruleset: d.ruleset,
    rulesFired: d.rulesFired,
    rulesEvaluated: d.rulesEvaluated,
    directory: d.directory,
    notifications: d.shares.map((s) => ({
      service: s.service,
      teamId: s.teamId,
      subjectPersonId: s.subjectPersonId,
      shareKind: s.shareKind,
      dueBy: s.dueBy,
      flags: s.flags,
      isRepeatMarac: s.isRepeatMarac,
    })),
    triage: d.triage.map((t) => ({ subjectPersonId: t.subjectPersonId, route: t.route, reason: t.reason })),
  };
}

/** Records a decided event into history, as the services do (its incident joins the household, shared or not). */
export function remember(
  history: MemoryHistory,
  input: ExplainableEvent,
  decision: Decision | undefined,
): void {
  if (input.type === 'ConsentRecorded') return history.addConsent(input.event);
  if (input.type === 'MaracListed') {
    return history.addListing(listingSummaryOf(input.event));
  }
  const incident = input.type === 'CarePlanIssued' ? input.event.incident : input.event;
  history.markSeen(input.event.eventId);
  history.addIncident({
    eventId: incident.eventId,
    forceCode: incident.forceCode,
    incidentRef: incident.incidentRef,
    householdKey: incident.location.householdKey,
    occurredAt: incident.occurredAt,
    shared: decision?.decision === 'SHARED',
  });
}

/** Decides one event against the history (pure: no clock, no I/O). */
export function decideEvent(
  ctx: AreaContext,
  input: Exclude<ExplainableEvent, { type: 'ConsentRecorded' }>,
  history: HistoryView,
): Decision {
  if (input.type === 'IncidentRecorded') return decideIncident(ctx, input.event, history);
  if (input.type === 'CarePlanIssued') return decideCarePlan(ctx, input.event, history);
  return decideMarac(ctx, input.event, history);
}

/** The decision with the shares and triage items already sent for earlier events left out (DOMAIN.md 3). */
export function withoutSent(decision: Decision, history: History): Decision {
  return {
    ...decision,
    shares: decision.shares.filter((s) => !history.wasSent(s.notificationId)),
    triage: decision.triage.filter((t) => !history.wasSent(t.triageId)),
  };
}

/**
 * What the hub decides for each event of a time-ordered list (the earlier ones are history): one explanation each.
 * An event already seen is DUPLICATE, a consent record is RECORDED, and a share or triage item an earlier event
 * already sent (the same notificationId, e.g. a police care plan for an incident the hub shared) is not sent again.
 */
export function explainEvents(
  events: readonly ExplainableEvent[],
  areaOf: (area: string) => AreaContext,
): Explanation[] {
  return decideEvents(events, areaOf).map((d) =>
    d === 'DUPLICATE' || d === 'RECORDED' ? { decision: d } : toExplanation(d),
  );
}

/** The full decisions for a time-ordered list of events (as explainEvents, before flattening). */
export function decideEvents(
  events: readonly ExplainableEvent[],
  areaOf: (area: string) => AreaContext,
): Array<Decision | 'DUPLICATE' | 'RECORDED'> {
  const history = new History();
  return events.map((input) => {
    if (history.hasSeen(input.event.eventId)) return 'DUPLICATE';
    if (input.type === 'ConsentRecorded') {
      history.recordConsent(input.event);
      return 'RECORDED';
    }
    const decision = withoutSent(decideEvent(areaOf(input.event.area), input, history), history);
    history.record(input.event, decision);
    history.recordSent(decision);
    return decision;
  });
}

/** Reads untyped JSON events (one or a list) as ExplainableEvents, telling each one's type by its fields. */
export function toExplainableEvents(items: readonly object[]): ExplainableEvent[] {
  return items.map((json) => {
    const { type: _t, ...event } = json as { type?: unknown };
    return { type: detectEventType(json), event } as ExplainableEvent;
  });
}
