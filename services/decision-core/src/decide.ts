import type { MinimisedPayload } from '@sharehub/schemas';
import { createAreaContext, type AreaContext } from './areaContext.js';
import { DecisionCoreError } from './DecisionCoreError.js';
import { ageOn, londonDate, maracDue, parseInstant } from './deadlines.js';
import { detectEventType } from './detectEventType.js';
import { deterministicId } from './ids.js';
import { inWindow, previousLondonMonths } from './londonTime.js';
import type {
  AreaDirectory,
  CarePlanIssued,
  Child,
  ConsentRecorded,
  Decision,
  HistoryView,
  IncidentBody,
  IncidentSummary,
  MaracListed,
  Rationale,
  RuleEvaluation,
  Ruleset,
} from './model.js';
import { PREDICATES, type RuleFacts } from './predicates.js';
import { postcodeDistrict, routeShares } from './routeShares.js';
import { maracPlan, rulesPlan } from './routes/routePlan.js';

/** Children under 18 on `date` (an entry with no date of birth is a child), in event order (DOMAIN.md 2). */
export function childrenUnder18(children: readonly Child[], date: string): Child[] {
  return children.filter((c) => c.dateOfBirth === null || ageOn(c.dateOfBirth, date) < 18);
}

/**
 * The household's history for an incident (DOMAIN.md 2): every other incident at the household whose occurredAt
 * lies before this one's and after the same Europe/London local date and time one year earlier, whatever order
 * they arrived in; the same incident (forceCode + incidentRef) counts once.
 */
export function householdHistory(
  history: HistoryView,
  incident: IncidentBody,
  months: number,
): IncidentSummary[] {
  const all = history.incidentsAt(incident.location.householdKey);
  if (all.length === 0) return [];
  const window = previousLondonMonths(parseInstant(incident.occurredAt), months);
  const seen = new Map<string, IncidentSummary>();
  for (const h of all) {
    if (h.incidentRef === incident.incidentRef && h.forceCode === incident.forceCode) continue;
    if (!inWindow(occurredMs(h), window)) continue;
    const key = `${h.forceCode}|${h.incidentRef}`;
    const earlier = seen.get(key);
    seen.set(key, earlier ? { ...earlier, shared: earlier.shared || h.shared } : h);
  }
  if (seen.size === 0) return [];
  return [...seen.values()].sort(
    (a, b) => occurredMs(a) - occurredMs(b) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0),
  );
}

// History summaries are immutable values: their parsed occurredAt is kept beside them rather than parsed per read.
const parsed = new WeakMap<IncidentSummary, number>();
function occurredMs(h: IncidentSummary): number {
  let ms = parsed.get(h);
  if (ms === undefined) {
    ms = parseInstant(h.occurredAt);
    parsed.set(h, ms);
  }
  return ms;
}

function incidentPayload(incident: IncidentBody, date: string): Partial<MinimisedPayload> {
  return {
    incidentRef: incident.incidentRef,
    forceCode: incident.forceCode,
    incidentDate: date,
    dashRisk: incident.dashRisk,
    riskFactors: [...incident.riskFactors],
    crimeRecorded: incident.crimeRecorded,
    postcodeDistrict: postcodeDistrict(incident.location.postcode),
    victimGivenName: incident.victim.givenName,
    victimFamilyName: incident.victim.familyName,
    perpetratorGivenName: incident.perpetrator?.givenName ?? null,
    perpetratorFamilyName: incident.perpetrator?.familyName ?? null,
    victimPregnant: incident.victim.pregnant,
    summary: incident.summary ?? null,
  };
}

function rationaleOf(ctx: AreaContext, fired: readonly string[]): Rationale[] {
  return fired.map((id) => {
    const rule = ctx.ruleset.rules.find((r) => r.id === id);
    return rule
      ? { ruleId: id, text: rule.rationale, citation: rule.citation }
      : { ruleId: id, text: 'recorded by police', citation: 'police care plan criteria' };
  });
}

function incidentDecision(
  ctx: AreaContext,
  incident: IncidentBody,
  history: HistoryView,
  evaluated: RuleEvaluation[],
  source: Decision['source'],
  sourceInstant: string,
  historyEvents: readonly IncidentSummary[],
  forceShared = false,
): Decision {
  const date = londonDate(incident.occurredAt);
  const fired = evaluated.filter((e) => e.fired).map((e) => e.ruleId);
  const shared = forceShared || fired.length > 0;
  const plan = rulesPlan(ctx, fired);
  const rationale = rationaleOf(ctx, fired);
  const routed = shared
    ? routeShares({
        ctx,
        plan,
        sourceInstant,
        localDate: date,
        children: childrenUnder18(incident.children, date),
        victim: incident.victim,
        perpetrator: incident.perpetrator,
        postcode: incident.location.postcode,
        idBase: [incident.forceCode, incident.incidentRef],
        consentScope: { incidentRef: incident.incidentRef },
        history,
        rationale,
        eventPayload: incidentPayload(incident, date),
      })
    : { shares: [], triage: [], consentEventIds: [] };
  return {
    sourceType: source.type,
    decision: shared ? 'SHARED' : 'NOT_SHARED',
    decisionId: deterministicId('d', incident.forceCode, incident.incidentRef, source.type),
    area: incident.area,
    source,
    ruleset: ctx.rulesetRef,
    directory: ctx.directoryRef,
    rulesFired: fired,
    rulesEvaluated: evaluated,
    rationale,
    shareKind: shared ? plan.cscKind : null,
    shares: routed.shares,
    triage: routed.triage,
    historyEventIds: [...historyEvents.map((h) => h.eventId), ...routed.consentEventIds],
    householdKey: incident.location.householdKey,
    isRepeatMarac: false,
    sourceInstant,
    lawfulBasis: ctx.ruleset.lawfulBasis,
  };
}

/** Decides an IncidentRecorded: every rule of the area's ruleset evaluated in order, then the routes of a share. */
export function decideIncident(ctx: AreaContext, incident: IncidentBody, history: HistoryView): Decision {
  const date = londonDate(incident.occurredAt);
  const past = householdHistory(history, incident, ctx.ruleset.historyWindowMonths);
  const facts: RuleFacts = {
    incident,
    incidentDate: date,
    children: childrenUnder18(incident.children, date),
    history: past,
    historyWindowMonths: ctx.ruleset.historyWindowMonths,
  };
  const evaluated = ctx.ruleset.rules.map((rule) => ({
    ruleId: rule.id,
    ...PREDICATES[rule.predicate]!(facts, rule.params ?? {}),
  }));
  return incidentDecision(
    ctx,
    incident,
    history,
    evaluated,
    { type: 'INCIDENT', eventId: incident.eventId, ref: incident.incidentRef },
    incident.recordedAt,
    past,
  );
}

/**
 * Routes a police (or hub) care plan: a decision already made, so the thresholds are not evaluated again; its
 * criteria are the rules fired, each "recorded by police" (DOMAIN.md 3). Deadlines count from `issuedAt`.
 */
export function decideCarePlan(ctx: AreaContext, carePlan: CarePlanIssued, history: HistoryView): Decision {
  const order = (id: string) => ctx.ruleOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
  const criteria = [...new Set(carePlan.criteria)].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const evaluated = criteria.map((ruleId) => ({ ruleId, fired: true, reason: 'recorded by police' }));
  const past = householdHistory(history, carePlan.incident, ctx.ruleset.historyWindowMonths);
  // A care plan is a decision to share already made by the police, even one that names no criteria.
  return incidentDecision(
    ctx,
    carePlan.incident,
    history,
    evaluated,
    { type: 'CARE_PLAN', eventId: carePlan.eventId, ref: carePlan.carePlanRef },
    carePlan.issuedAt,
    past,
    true,
  );
}

/**
 * Whether a listing is a repeat MARAC (DOMAIN.md 6): another listing of the same area for the victim in the previous
 * 12 months (trafford: "previously referred to a MARAC within the same local authority area"), or REPEAT_INCIDENT.
 */
export function isRepeatMarac(
  ctx: AreaContext,
  listing: MaracListed,
  history: HistoryView,
): { repeat: boolean; earlier: string[] } {
  const window = previousLondonMonths(parseInstant(listing.listedAt), ctx.ruleset.marac.repeatWindowMonths);
  const earlier = history
    .listingsFor(listing.victim.personId)
    .filter(
      (l) =>
        l.eventId !== listing.eventId &&
        !(l.maracCaseRef === listing.maracCaseRef && l.listedAt === listing.listedAt),
    )
    .filter((l) => l.area === listing.area && inWindow(parseInstant(l.listedAt), window))
    .map((l) => l.eventId);
  return { repeat: earlier.length > 0 || listing.referralReason === 'REPEAT_INCIDENT', earlier };
}

/** Decides a MARAC listing: always shared, its one fired rule is `MARAC`, with the area's MARAC routes and due times. */
export function decideMarac(ctx: AreaContext, listing: MaracListed, history: HistoryView): Decision {
  const date = londonDate(listing.listedAt);
  const { repeat, earlier } = isRepeatMarac(ctx, listing, history);
  const due = maracDue(listing.listedAt, listing.meetingDate, ctx.ruleset.marac.dueDaysBeforeMeeting);
  const plan = maracPlan(ctx, repeat, due);
  const { marac } = ctx.ruleset;
  const rationale: Rationale[] = [
    {
      ruleId: 'MARAC',
      text: repeat
        ? (marac.repeatRationale ??
          `The case is listed at MARAC again within ${marac.repeatWindowMonths} months (repeat MARAC); every listing is shared`)
        : (marac.rationale ?? 'The case is listed at MARAC; every listing is shared'),
      citation: marac.citation ?? 'MARAC information sharing (DOMAIN.md section 6)',
    },
  ];
  const routed = routeShares({
    ctx,
    plan,
    sourceInstant: listing.listedAt,
    localDate: date,
    children: childrenUnder18(listing.children, date),
    victim: listing.victim,
    perpetrator: listing.perpetrator,
    postcode: listing.location.postcode,
    idBase: ['MARAC', listing.maracCaseRef, listing.listedAt],
    consentScope: { maracCaseRef: listing.maracCaseRef },
    history,
    rationale,
    eventPayload: {
      maracCaseRef: listing.maracCaseRef,
      meetingDate: listing.meetingDate,
      postcodeDistrict: postcodeDistrict(listing.location.postcode),
      victimGivenName: listing.victim.givenName,
      victimFamilyName: listing.victim.familyName,
      perpetratorGivenName: listing.perpetrator?.givenName ?? null,
      perpetratorFamilyName: listing.perpetrator?.familyName ?? null,
      victimPregnant: listing.victim.pregnant,
    },
  });
  return {
    sourceType: 'MARAC_LISTING',
    decision: 'SHARED',
    decisionId: deterministicId('d', 'MARAC', listing.maracCaseRef, listing.listedAt),
    area: listing.area,
    source: { type: 'MARAC_LISTING', eventId: listing.eventId, ref: listing.maracCaseRef },
    ruleset: ctx.rulesetRef,
    directory: ctx.directoryRef,
    rulesFired: ['MARAC'],
    rulesEvaluated: [
      { ruleId: 'MARAC', fired: true, reason: repeat ? 'listed at MARAC (repeat MARAC)' : 'listed at MARAC' },
    ],
    rationale,
    shareKind: plan.cscKind,
    shares: routed.shares,
    triage: routed.triage,
    historyEventIds: [...earlier, ...routed.consentEventIds],
    householdKey: listing.location.householdKey,
    isRepeatMarac: repeat,
    sourceInstant: listing.listedAt,
    lawfulBasis: ctx.ruleset.lawfulBasis,
  };
}

/** An event the core decides: an incident, a police (or hub) care plan, or a MARAC listing. */
export type DecidableEvent = IncidentBody | CarePlanIssued | MaracListed;

/** Thrown when an event is decided against another area's ruleset or directory (code AREA_MISMATCH). */
export class AreaMismatchError extends DecisionCoreError {
  constructor(message: string) {
    super('AREA_MISMATCH', message);
  }
}

// Memoised per ruleset and directory object (the loaders freeze them): the checks, indexes and hashes are built once.
const contexts = new WeakMap<Ruleset, WeakMap<AreaDirectory, AreaContext>>();
function contextOf(ruleset: Ruleset, directory: AreaDirectory): AreaContext {
  let byDirectory = contexts.get(ruleset);
  if (!byDirectory) contexts.set(ruleset, (byDirectory = new WeakMap()));
  let ctx = byDirectory.get(directory);
  if (!ctx) byDirectory.set(directory, (ctx = createAreaContext(ruleset, directory)));
  return ctx;
}

function withConsents(history: HistoryView, consents: readonly ConsentRecorded[]): HistoryView {
  if (consents.length === 0) return history;
  const bySubject = new Map<string, ConsentRecorded[]>();
  for (const c of consents)
    bySubject.set(c.subjectPersonId, [...(bySubject.get(c.subjectPersonId) ?? []), c]);
  return {
    incidentsAt: (householdKey) => history.incidentsAt(householdKey),
    listingsFor: (victimPersonId) => history.listingsFor(victimPersonId),
    consentsFor: (personId) => {
      const known = history.consentsFor(personId);
      const extra = (bySubject.get(personId) ?? []).filter(
        (c) => !known.some((k) => k.eventId === c.eventId),
      );
      return extra.length === 0 ? known : [...known, ...extra];
    },
  };
}

/**
 * The decision function (pure: no clock, no I/O, no randomness): what the hub decides for an IncidentRecorded,
 * CarePlanIssued or MaracListed, given the history it holds, the area's ruleset and directory, and any consent
 * records beside those in the history. The same arguments always give the same Decision.
 */
export function decide(
  event: DecidableEvent,
  history: HistoryView,
  ruleset: Ruleset,
  directory: AreaDirectory,
  consents: readonly ConsentRecorded[] = [],
): Decision {
  if (event.area !== ruleset.area || directory.area !== ruleset.area)
    throw new AreaMismatchError(
      `event for area '${event.area}' decided with ruleset '${ruleset.area}' and directory '${directory.area}'`,
    );
  const ctx = contextOf(ruleset, directory);
  const view = withConsents(history, consents);
  const type = detectEventType(event);
  if (type === 'CarePlanIssued') return decideCarePlan(ctx, event as CarePlanIssued, view);
  if (type === 'MaracListed') return decideMarac(ctx, event as MaracListed, view);
  if (type === 'ConsentRecorded')
    throw new DecisionCoreError('NOT_DECIDABLE', 'a ConsentRecorded is recorded into history, not decided');
  return decideIncident(ctx, event as IncidentBody, view);
}
