import { consentRecordFor } from './consentPosition.js';
import { ageOn, within24Hours, withinHours, withinWorkingDays } from './deadlines.js';
import { deterministicId } from './ids.js';
import { minimisedPayloadOf } from './minimisedPayload.js';
import type { ConsentPosition, ConsentRecorded, DuePolicy, PlannedShare, PlannedTriage } from './model.js';
import type { Route, RouteContext, RouteOutput, RouteSubject, RoutingInput } from './routes/Route.js';
import { ROUTES } from './routes/ROUTES.js';

export { SERVICE_ORDER } from './recipientServices.js';

const NO_FLAGS: readonly string[] = Object.freeze([]);
export type { RoutePlan, RoutingInput } from './routes/Route.js';

/** The outward code (postcode district) of a UK postcode: `M33 7XX` → `M33`. */
export function postcodeDistrict(postcode: string): string {
  const compact = postcode.trim().toUpperCase();
  const space = compact.indexOf(' ');
  return space > 0 ? compact.slice(0, space) : compact.slice(0, Math.max(0, compact.length - 3));
}

/** What routing produced: the shares, the triage items, and the consent records that set the shares' positions. */
export interface RoutedShares {
  readonly shares: PlannedShare[];
  readonly triage: PlannedTriage[];
  /** Ids of the consent records that decided a share's consent position (history the decision read). */
  readonly consentEventIds: string[];
}

/** The subjects of a shared event (DOMAIN.md 2), in subject order: children in event order, the unborn child, the victim. */
function subjectsOf(input: RoutingInput): RouteSubject[] {
  const subjects: RouteSubject[] = input.children.map((child) => ({
    kind: 'CHILD',
    personId: child.personId,
    child,
    age: child.dateOfBirth ? ageOn(child.dateOfBirth, input.localDate) : undefined,
    payload: {
      subjectGivenName: child.givenName,
      subjectFamilyName: child.familyName,
      subjectDateOfBirth: child.dateOfBirth,
      involvement: child.involvement,
      educationSetting: child.education.setting,
      schoolUrn: child.education.schoolUrn ?? child.education.previousSchoolUrn,
      gpPracticeCode: child.gpPracticeCode,
    },
  }));
  const { victim } = input;
  if (victim.pregnant)
    subjects.push({
      kind: 'UNBORN',
      personId: `${victim.personId}:unborn`,
      payload: { subjectGivenName: null, subjectFamilyName: victim.familyName },
    });
  subjects.push({
    kind: 'VICTIM',
    personId: victim.personId,
    victim,
    payload: {
      subjectGivenName: victim.givenName,
      subjectFamilyName: victim.familyName,
      subjectDateOfBirth: victim.dateOfBirth,
    },
  });
  return subjects;
}

/**
 * Routes a shared event to teams (DOMAIN.md sections 4 to 6; ADR 0022): each subject in subject order (children,
 * unborn, victim), through every route the plan takes, in `routes` order (ROUTES: the service order). Whatever a
 * route cannot resolve becomes a triage item with its reason; an event no route could share about (or, where the
 * ruleset says so, one with no subject child) becomes one whole-event item, last.
 */
export function routeShares(input: RoutingInput, routes: readonly Route[] = ROUTES): RoutedShares {
  const { ctx, plan } = input;
  const { ruleset } = ctx;
  const shares: PlannedShare[] = [];
  const triage: PlannedTriage[] = [];
  const consentIds = new Set<string>();
  const consents = new Map<string, ConsentRecorded | null>();
  const dues = new Map<DuePolicy, string>();
  const at: RouteContext = {
    input,
    district: postcodeDistrict(input.postcode),
    due(policy) {
      if (plan.dueOverride) return plan.dueOverride;
      let dueBy = dues.get(policy);
      if (dueBy === undefined) {
        dueBy =
          'hours' in policy
            ? withinHours(input.sourceInstant, policy.hours)
            : withinWorkingDays(input.sourceInstant, policy.workingDays, ctx.calendar);
        dues.set(policy, dueBy);
      }
      return dueBy;
    },
  };

  /** The consent position of a share or triage item about `subjectId` (DOMAIN.md 7). */
  const consentOf = (subjectId: string): ConsentPosition => {
    let record = consents.get(subjectId);
    if (record === undefined) {
      record = consentRecordFor(input.history, subjectId, input.victim.personId, input.consentScope) ?? null;
      consents.set(subjectId, record);
      if (record) consentIds.add(record.eventId);
    }
    return record
      ? {
          status: record.status,
          reason: record.reason ?? null,
          basis: record.status === 'GIVEN' ? null : ruleset.withoutConsentBasis,
        }
      : { status: 'NOT_RECORDED', reason: null, basis: ruleset.withoutConsentBasis };
  };

  const toTriage = (
    subject: RouteSubject | null,
    route: PlannedTriage['route'],
    reason: string,
    kind: 'REFERRAL' | 'NOTIFICATION',
    dueBy: string,
  ) => {
    // The triage team (Safeguarding Families) sees what any team it may assign the item to could see.
    const { payload, dataCategories } = minimisedPayloadOf(
      ruleset.triageTeamService,
      input.eventPayload,
      subject?.payload,
      ctx.payloadPolicy,
    );
    const subjectId = subject?.personId ?? null;
    triage.push({
      triageId: deterministicId('t', ...input.idBase, route, subjectId ?? '-'),
      subjectPersonId: subjectId,
      route,
      reason,
      shareKind: kind,
      dueBy,
      isRepeatMarac: plan.isRepeatMarac,
      consent: consentOf(subjectId ?? input.victim.personId),
      lawfulBasis: ruleset.lawfulBasis,
      payload,
      dataCategories,
    });
  };

  // One output for the walk, bound to the subject and route being tried (routes call it synchronously).
  let subject: RouteSubject;
  let route: Route;
  const out: RouteOutput = {
    share(team, kind, dueBy, flags = NO_FLAGS) {
      const { payload, dataCategories } = minimisedPayloadOf(
        team.service,
        input.eventPayload,
        subject.payload,
        ctx.payloadPolicy,
      );
      shares.push({
        notificationId: deterministicId('n', ...input.idBase, team.teamId, subject.personId),
        service: team.service,
        teamId: team.teamId,
        subjectPersonId: subject.personId,
        shareKind: kind,
        dueBy,
        flags,
        isRepeatMarac: plan.isRepeatMarac,
        consent: consentOf(subject.personId),
        lawfulBasis: ruleset.lawfulBasis,
        rationale: input.rationale,
        payload,
        dataCategories,
      });
    },
    triage: (reason, kind, dueBy) => toTriage(subject, route.triageRoute, reason, kind, dueBy),
  };
  const taken = routes.filter((r) => r.taken(plan));
  for (subject of subjectsOf(input)) for (route of taken) route.route(subject, at, out);

  const eventDue = plan.dueOverride ?? within24Hours(input.sourceInstant);
  if (plan.eventTriageWithoutChild && input.children.length === 0 && !input.victim.pregnant)
    toTriage(
      null,
      'EVENT',
      "the rules fired but the event has no subject child, and every rule of the area is a message to children's services",
      plan.cscKind,
      eventDue,
    );
  else if (shares.length === 0 && triage.length === 0)
    toTriage(
      null,
      'EVENT',
      'the rules fired but the event has no subject to share about (no child, no pregnancy, no adult route)',
      plan.cscKind,
      eventDue,
    );
  return { shares, triage, consentEventIds: [...consentIds].sort() };
}
