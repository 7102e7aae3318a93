import { DateTime } from 'luxon';
import type { MinimisedPayload } from '@sharehub/schemas';
import type { AreaContext } from './areaContext.js';
import { ageOn, LONDON, londonDate, maracDue } from './deadlines.js';
import { deterministicId } from './ids.js';
import type {
  CarePlanIssued,
  Child,
  Decision,
  HistoryView,
  IncidentBody,
  IncidentSummary,
  MaracListed,
  Rationale,
  RuleEvaluation,
} from './model.js';
import { PREDICATES, type RuleFacts } from './predicates.js';
import { postcodeDistrict, routeShares, type RoutePlan } from './routeShares.js';

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
  const at = DateTime.fromISO(incident.occurredAt, { setZone: true }).setZone(LONDON);
  const from = at.minus({ months }).toMillis();
  const to = at.toMillis();
  const self = `${incident.forceCode}|${incident.incidentRef}`;
  const seen = new Map<string, IncidentSummary>();
  for (const h of history.incidentsAt(incident.location.householdKey)) {
    const key = `${h.forceCode}|${h.incidentRef}`;
    if (key === self) continue;
    const t = Date.parse(h.occurredAt);
    if (t <= from || t >= to) continue;
    const earlier = seen.get(key);
    seen.set(key, earlier ? { ...earlier, shared: earlier.shared || h.shared } : h);
  }
  return [...seen.values()].sort(
    (a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.eventId.localeCompare(b.eventId),
  );
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

function planFor(
  ctx: AreaContext,
  fired: readonly string[],
  isMarac: boolean,
  isRepeatMarac: boolean,
  dueOverride?: string,
): RoutePlan {
  const { ruleset } = ctx;
  const referral = fired.some((id) => ruleset.rules.find((r) => r.id === id)?.kind === 'REFERRAL');
  const health = ruleset.routes.health;
  if (isMarac) {
    return {
      cscKind: ruleset.marac.shareKind,
      health: ruleset.marac.healthRoutes ? 'FULL' : 'NONE',
      gp: ruleset.marac.gpRoute,
      isRepeatMarac,
      ...(dueOverride ? { dueOverride } : {}),
    };
  }
  return {
    cscKind: referral ? 'REFERRAL' : 'NOTIFICATION',
    health:
      health.mode === 'FULL'
        ? 'FULL'
        : health.mode === 'ON_RULE' && health.onRule && fired.includes(health.onRule)
          ? 'UNDER1'
          : 'NONE',
    gp: ruleset.routes.gp.enabled,
    isRepeatMarac: false,
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
  const plan = planFor(ctx, fired, false, false);
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
    : { shares: [], triage: [] };
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
    historyEventIds: historyEvents.map((h) => h.eventId),
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

/** Whether a listing is a repeat MARAC (DOMAIN.md 6): another listing for the victim in the previous 12 months, or REPEAT_INCIDENT. */
export function isRepeatMarac(
  ctx: AreaContext,
  listing: MaracListed,
  history: HistoryView,
): { repeat: boolean; earlier: string[] } {
  const at = DateTime.fromISO(listing.listedAt, { setZone: true }).setZone(LONDON);
  const from = at.minus({ months: ctx.ruleset.marac.repeatWindowMonths }).toMillis();
  const earlier = history
    .listingsFor(listing.victim.personId)
    .filter(
      (l) =>
        l.eventId !== listing.eventId &&
        !(l.maracCaseRef === listing.maracCaseRef && l.listedAt === listing.listedAt),
    )
    .filter((l) => Date.parse(l.listedAt) > from && Date.parse(l.listedAt) < at.toMillis())
    .map((l) => l.eventId);
  return { repeat: earlier.length > 0 || listing.referralReason === 'REPEAT_INCIDENT', earlier };
}

/** Decides a MARAC listing: always shared, its one fired rule is `MARAC`, with the area's MARAC routes and due times. */
export function decideMarac(ctx: AreaContext, listing: MaracListed, history: HistoryView): Decision {
  const date = londonDate(listing.listedAt);
  const { repeat, earlier } = isRepeatMarac(ctx, listing, history);
  const due = maracDue(listing.listedAt, listing.meetingDate, ctx.ruleset.marac.dueDaysBeforeMeeting);
  const plan = planFor(ctx, ['MARAC'], true, repeat, due);
  const rationale: Rationale[] = [
    {
      ruleId: 'MARAC',
      text: repeat
        ? 'The case is listed at MARAC again within 12 months (repeat MARAC); every listing is shared'
        : 'The case is listed at MARAC; every listing is shared',
      citation:
        'MARAC information sharing (SafeLives MARAC guidance; Kent and Medway procedure sections 10 to 13)',
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
    historyEventIds: earlier,
    householdKey: listing.location.householdKey,
    isRepeatMarac: repeat,
    sourceInstant: listing.listedAt,
    lawfulBasis: ctx.ruleset.lawfulBasis,
  };
}
