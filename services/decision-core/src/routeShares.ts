import type { MinimisedPayload } from '@sharehub/schemas';
import type { AreaContext } from './areaContext.js';
import { consentRecordFor, type ConsentScope } from './consentPosition.js';
import { ageOn, isSchoolAge, withinHours, within24Hours, withinWorkingDays } from './deadlines.js';
import { deterministicId } from './ids.js';
import { mayBeUnder1 } from './mayBeUnder1.js';
import { minimisedPayloadOf } from './minimisedPayload.js';
import type {
  Child,
  ConsentPosition,
  ConsentRecorded,
  DuePolicy,
  HistoryView,
  IncidentBody,
  PlannedShare,
  PlannedTriage,
  Rationale,
  ServiceKind,
  Team,
} from './model.js';

/** Service order for one subject (DOMAIN.md section 1); explain prints shares in this order. */
export const SERVICE_ORDER: readonly ServiceKind[] = [
  'CHILDRENS_SOCIAL_CARE',
  'ADULT_SOCIAL_CARE',
  'HEALTH_VISITING',
  'SCHOOL_NURSING',
  'MIDWIFERY',
  'GP',
  'ADULT_HEALTH',
];
const NO_FLAGS: readonly string[] = Object.freeze([]);
const NOT_IN_SCHOOL: readonly string[] = Object.freeze(['NOT_IN_SCHOOL']);

/** Which routes a shared event takes (from the ruleset and the rules that fired). */
export interface RoutePlan {
  readonly cscKind: 'REFERRAL' | 'NOTIFICATION';
  /** FULL: section 4's table; UNDER1: kent K3 (health visiting for a resident child under 1, midwifery for the unborn). */
  readonly health: 'FULL' | 'UNDER1' | 'NONE';
  readonly gp: boolean;
  /** A fixed due time for every share (MARAC), else the ruleset's policies from the source instant. */
  readonly dueOverride?: string;
  readonly isRepeatMarac: boolean;
  /** A shared event with no subject child gets the whole-event triage item even beside adult routes (kent). */
  readonly eventTriageWithoutChild: boolean;
}

/** The event being routed, in the shape routing reads. */
export interface RoutingInput {
  readonly ctx: AreaContext;
  readonly plan: RoutePlan;
  readonly sourceInstant: string;
  /** The local date ages are taken on. */
  readonly localDate: string;
  /** The subject children (already under 18), in event order. */
  readonly children: readonly Child[];
  readonly victim: IncidentBody['victim'];
  readonly perpetrator: IncidentBody['perpetrator'];
  readonly postcode: string;
  /** The parts every notification and triage id starts with (forceCode+incidentRef, or MARAC case+listedAt). */
  readonly idBase: readonly string[];
  readonly consentScope: ConsentScope;
  readonly history: HistoryView;
  readonly rationale: readonly Rationale[];
  /** The fields of the payload that do not depend on the subject. */
  readonly eventPayload: Partial<MinimisedPayload>;
}

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

/**
 * Routes a shared event to teams (DOMAIN.md sections 4 to 6): children's social care for every subject child (the
 * unborn child included), each subject's health route by setting, age and school year, the GP for a child of 16 or
 * 17, and the adult routes for the victim. Whatever cannot be routed becomes a triage item with its reason.
 */
export function routeShares(input: RoutingInput): RoutedShares {
  const { ctx, plan } = input;
  const { ruleset } = ctx;
  const district = postcodeDistrict(input.postcode);
  // Shares and triage items are produced subject by subject in event order (children, unborn, victim) and, for one
  // subject, in the service order of DOMAIN.md section 1; `shareOrder` guards that order for the shares.
  const shares: PlannedShare[] = [];
  const shareOrder: number[] = [];
  const triage: PlannedTriage[] = [];
  const consentIds = new Set<string>();
  const consents = new Map<string, ConsentRecorded | null>();
  const dues = new Map<DuePolicy, string>();
  const due = (policy: DuePolicy): string => {
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
  };
  const otherKind = ruleset.routes.otherRoutesKind;

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
  // Each subject's own payload fields, so a triage item carries what the triage team needs to assign it.
  const subjectPayloads = new Map<string, Partial<MinimisedPayload>>();

  const share = (
    subjectIndex: number,
    subjectId: string,
    team: Team,
    kind: 'REFERRAL' | 'NOTIFICATION',
    dueBy: string,
    subjectPayload: Partial<MinimisedPayload>,
    flags: readonly string[] = NO_FLAGS,
  ) => {
    const { payload, dataCategories } = minimisedPayloadOf(
      team.service,
      input.eventPayload,
      subjectPayload,
      ctx.payloadPolicy,
    );
    shareOrder.push(subjectIndex * 100 + SERVICE_ORDER.indexOf(team.service));
    shares.push({
      notificationId: deterministicId('n', ...input.idBase, team.teamId, subjectId),
      service: team.service,
      teamId: team.teamId,
      subjectPersonId: subjectId,
      shareKind: kind,
      dueBy,
      flags,
      isRepeatMarac: plan.isRepeatMarac,
      consent: consentOf(subjectId),
      lawfulBasis: ruleset.lawfulBasis,
      rationale: input.rationale,
      payload,
      dataCategories,
    });
  };
  const toTriage = (
    _subjectIndex: number,
    subjectId: string | null,
    route: PlannedTriage['route'],
    reason: string,
    kind: 'REFERRAL' | 'NOTIFICATION',
    dueBy: string,
  ) => {
    // The triage team (Safeguarding Families) sees what any team it may assign the item to could see.
    const { payload, dataCategories } = minimisedPayloadOf(
      ruleset.triageTeamService,
      input.eventPayload,
      subjectId ? subjectPayloads.get(subjectId) : undefined,
      ctx.payloadPolicy,
    );
    triage.push({
      triageId: deterministicId('t', ...input.idBase, route, subjectId ?? '-'),
      subjectPersonId: subjectId,
      route,
      reason,
      shareKind: kind,
      dueBy,
      isRepeatMarac: plan.isRepeatMarac,
      consent: subjectId ? consentOf(subjectId) : consentOf(input.victim.personId),
      lawfulBasis: ruleset.lawfulBasis,
      payload,
      dataCategories,
    });
  };
  const byDistrict = (
    i: number,
    subjectId: string,
    service: 'HEALTH_VISITING' | 'SCHOOL_NURSING',
    resides: boolean,
    payload: Partial<MinimisedPayload>,
    flags: readonly string[] = NO_FLAGS,
  ) => {
    const dueBy = due(ruleset.routes.health.due);
    if (!resides)
      return toTriage(
        i,
        subjectId,
        'HEALTH',
        `the ${service} route needs the home address, and the child does not reside at the location`,
        otherKind,
        dueBy,
      );
    const team = ctx.teamForDistrict(service, district);
    if (!team)
      return toTriage(
        i,
        subjectId,
        'HEALTH',
        `postcode district ${district} has no ${service} team in the directory`,
        otherKind,
        dueBy,
      );
    share(i, subjectId, team, otherKind, dueBy, payload, flags);
  };
  const bySchool = (
    i: number,
    subjectId: string,
    urn: string | null,
    resides: boolean,
    payload: Partial<MinimisedPayload>,
    what: string,
  ) => {
    const dueBy = due(ruleset.routes.health.due);
    if (!urn) return toTriage(i, subjectId, 'HEALTH', `${what} has no school URN`, otherKind, dueBy);
    const school = ctx.school(urn);
    if (!school)
      return toTriage(i, subjectId, 'HEALTH', `school URN ${urn} is not in the directory`, otherKind, dueBy);
    if (school.independent || school.localAuthority !== ruleset.area)
      return byDistrict(i, subjectId, 'SCHOOL_NURSING', resides, payload);
    const team = ctx.teamForSchool(urn);
    if (!team)
      return toTriage(
        i,
        subjectId,
        'HEALTH',
        `no school nursing team lists school URN ${urn}`,
        otherKind,
        dueBy,
      );
    share(i, subjectId, team, otherKind, dueBy, payload);
  };
  const csc = ctx.firstTeam('CHILDRENS_SOCIAL_CARE');
  const cscDue = due(ruleset.routes.childrensSocialCare.due);

  input.children.forEach((child, i) => {
    const age = child.dateOfBirth ? ageOn(child.dateOfBirth, input.localDate) : undefined;
    const payload: Partial<MinimisedPayload> = {
      subjectGivenName: child.givenName,
      subjectFamilyName: child.familyName,
      subjectDateOfBirth: child.dateOfBirth,
      involvement: child.involvement,
      educationSetting: child.education.setting,
      schoolUrn: child.education.schoolUrn ?? child.education.previousSchoolUrn,
      gpPracticeCode: child.gpPracticeCode,
    };
    subjectPayloads.set(child.personId, payload);
    if (csc) share(i, child.personId, csc, plan.cscKind, cscDue, payload);
    else
      toTriage(
        i,
        child.personId,
        'EVENT',
        "the directory has no children's social care team",
        plan.cscKind,
        cscDue,
      );

    if (plan.health === 'FULL') {
      const setting = child.education.setting;
      if (setting === 'PRE_SCHOOL')
        byDistrict(i, child.personId, 'HEALTH_VISITING', child.residesAtLocation, payload);
      else if (setting === 'SCHOOL')
        bySchool(
          i,
          child.personId,
          child.education.schoolUrn,
          child.residesAtLocation,
          payload,
          'setting SCHOOL',
        );
      else if (setting === 'LEFT_SCHOOL')
        bySchool(
          i,
          child.personId,
          child.education.previousSchoolUrn,
          child.residesAtLocation,
          payload,
          'setting LEFT_SCHOOL (previous school)',
        );
      else if (setting === 'HOME_EDUCATED' || setting === 'NOT_IN_EDUCATION')
        byDistrict(i, child.personId, 'SCHOOL_NURSING', child.residesAtLocation, payload, NOT_IN_SCHOOL);
      else if (!child.dateOfBirth)
        toTriage(
          i,
          child.personId,
          'HEALTH',
          'no date of birth: setting UNKNOWN is routed by age',
          otherKind,
          due(ruleset.routes.health.due),
        );
      else
        byDistrict(
          i,
          child.personId,
          isSchoolAge(child.dateOfBirth, input.localDate) ? 'SCHOOL_NURSING' : 'HEALTH_VISITING',
          child.residesAtLocation,
          payload,
        );
    } else if (plan.health === 'UNDER1') {
      // Kent K3 (procedure 7.1, "CSS must ensure that the midwifery/health visiting service is informed"): health
      // visiting for a child under 1. With no date of birth the age decides, so it is asked for, unless the
      // setting alone rules out an infant.
      const infant = mayBeUnder1(child, input.localDate);
      if (infant === 'unknown')
        toTriage(
          i,
          child.personId,
          'HEALTH',
          'no date of birth: the health visiting route (a child under 1) needs the age',
          otherKind,
          due(ruleset.routes.health.due),
        );
      else if (infant) byDistrict(i, child.personId, 'HEALTH_VISITING', child.residesAtLocation, payload);
    }

    if (plan.gp) {
      const gpDue = due(ruleset.routes.gp.due);
      const { minAge, maxAge } = ruleset.routes.gp;
      if (age === undefined)
        toTriage(
          i,
          child.personId,
          'GP',
          `no date of birth: the GP route (ages ${minAge} to ${maxAge}) needs the age`,
          otherKind,
          gpDue,
        );
      else if (age >= minAge && age <= maxAge) {
        if (!child.gpPracticeCode)
          toTriage(i, child.personId, 'GP', `a child of ${age} with no gpPracticeCode`, otherKind, gpDue);
        else {
          const team = ctx.teamForGpPractice(child.gpPracticeCode);
          if (team) share(i, child.personId, team, otherKind, gpDue, payload);
          else
            toTriage(
              i,
              child.personId,
              'GP',
              `GP practice ${child.gpPracticeCode} is not in the directory`,
              otherKind,
              gpDue,
            );
        }
      }
    }
  });

  const unbornIndex = input.children.length;
  if (input.victim.pregnant) {
    const unbornId = `${input.victim.personId}:unborn`;
    const payload: Partial<MinimisedPayload> = {
      subjectGivenName: null,
      subjectFamilyName: input.victim.familyName,
    };
    subjectPayloads.set(unbornId, payload);
    if (csc) share(unbornIndex, unbornId, csc, plan.cscKind, cscDue, payload);
    if (plan.health !== 'NONE') {
      const midwifery = ctx.firstTeam('MIDWIFERY');
      const dueBy = due(ruleset.routes.health.due);
      if (midwifery) share(unbornIndex, unbornId, midwifery, otherKind, dueBy, payload);
      else toTriage(unbornIndex, unbornId, 'HEALTH', 'the directory has no midwifery team', otherKind, dueBy);
    }
  }

  const victimIndex = unbornIndex + 1;
  const victimPayload: Partial<MinimisedPayload> = {
    subjectGivenName: input.victim.givenName,
    subjectFamilyName: input.victim.familyName,
    subjectDateOfBirth: input.victim.dateOfBirth,
  };
  subjectPayloads.set(input.victim.personId, victimPayload);
  if (input.victim.openToAdultSocialCare) {
    const asc = ctx.firstTeam('ADULT_SOCIAL_CARE');
    const dueBy = due(ruleset.routes.adultSocialCare.due);
    if (asc) share(victimIndex, input.victim.personId, asc, otherKind, dueBy, victimPayload);
    else
      toTriage(
        victimIndex,
        input.victim.personId,
        'ADULT',
        'the directory has no adult social care team',
        otherKind,
        dueBy,
      );
  }
  if (input.victim.openToAdultService) {
    const team = ctx.teamById(input.victim.openToAdultService);
    const dueBy = due(ruleset.routes.adultHealth.due);
    if (team && team.service === 'ADULT_HEALTH')
      share(victimIndex, input.victim.personId, team, otherKind, dueBy, victimPayload);
    else
      toTriage(
        victimIndex,
        input.victim.personId,
        'ADULT',
        `adult service ${input.victim.openToAdultService} is not an adult service team in the directory`,
        otherKind,
        dueBy,
      );
  }

  if (plan.eventTriageWithoutChild && input.children.length === 0 && !input.victim.pregnant) {
    toTriage(
      victimIndex + 1,
      null,
      'EVENT',
      "the rules fired but the event has no subject child, and every rule of the area is a message to children's services",
      plan.cscKind,
      plan.dueOverride ?? within24Hours(input.sourceInstant),
    );
  } else if (shares.length === 0 && triage.length === 0) {
    toTriage(
      victimIndex + 1,
      null,
      'EVENT',
      'the rules fired but the event has no subject to share about (no child, no pregnancy, no adult route)',
      plan.cscKind,
      plan.dueOverride ?? within24Hours(input.sourceInstant),
    );
  }
  const inOrder = shareOrder.every((o, i) => i === 0 || o >= shareOrder[i - 1]!);
  return {
    shares: inOrder
      ? shares
      : shares
          .map((s, i) => ({ s, o: shareOrder[i]! }))
          .sort((a, b) => a.o - b.o)
          .map(({ s }) => s),
    triage,
    consentEventIds: [...consentIds].sort(),
  };
}
