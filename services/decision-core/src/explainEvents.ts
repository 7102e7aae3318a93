import type { AreaContext } from './areaContext.js';
import { decideCarePlan, decideIncident, decideMarac } from './decide.js';
import type { CarePlanIssued, ConsentRecorded, Decision, IncidentBody, MaracListed } from './model.js';
import { MemoryHistory } from './MemoryHistory.js';

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

/** Tells an event's type from its fields (or an explicit `type`), as explain reads untyped JSON. */
export function detectEventType(json: Record<string, unknown>): ExplainableEvent['type'] {
  const explicit = json.type;
  if (
    explicit === 'IncidentRecorded' ||
    explicit === 'CarePlanIssued' ||
    explicit === 'MaracListed' ||
    explicit === 'ConsentRecorded'
  )
    return explicit;
  if ('carePlanRef' in json && 'incident' in json) return 'CarePlanIssued';
  if ('maracCaseRef' in json && 'listedAt' in json) return 'MaracListed';
  if ('subjectPersonId' in json && 'status' in json) return 'ConsentRecorded';
  return 'IncidentRecorded';
}

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
    return history.addListing({
      eventId: input.event.eventId,
      maracCaseRef: input.event.maracCaseRef,
      victimPersonId: input.event.victim.personId,
      listedAt: input.event.listedAt,
    });
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
  history: MemoryHistory,
): Decision {
  if (input.type === 'IncidentRecorded') return decideIncident(ctx, input.event, history);
  if (input.type === 'CarePlanIssued') return decideCarePlan(ctx, input.event, history);
  return decideMarac(ctx, input.event, history);
}

/** What the hub decides for each event of a time-ordered list (the earlier ones are history): one explanation each. */
export function explainEvents(
  events: readonly ExplainableEvent[],
  areaOf: (area: string) => AreaContext,
): Explanation[] {
  const history = new MemoryHistory();
  return events.map((input) => {
    if (history.hasSeen(input.event.eventId)) return { decision: 'DUPLICATE' } as const;
    if (input.type === 'ConsentRecorded') {
      remember(history, input, undefined);
      return { decision: 'RECORDED' } as const;
    }
    const decision = decideEvent(areaOf(input.event.area), input, history);
    remember(history, input, decision);
    return toExplanation(decision);
  });
}
