import type {
  CarePlanIssued,
  Child,
  ConsentRecorded,
  IncidentRecorded,
  MaracListed,
  MinimisedPayload,
  ServiceKind,
  ShareKind,
  TriageRoute,
} from '@sharehub/schemas';

export type {
  CarePlanIssued,
  Child,
  ConsentRecorded,
  IncidentRecorded,
  MaracListed,
  ServiceKind,
  ShareKind,
  TriageRoute,
  MinimisedPayload,
};

/** The incident body the rules read, whether it came as IncidentRecorded or inside a police care plan. */
export type IncidentBody = Omit<IncidentRecorded, 'officerCollarNumber'> & {
  officerCollarNumber?: string | null;
};

/** A team of an area's directory. */
export interface Team {
  readonly teamId: string;
  readonly service: ServiceKind;
  readonly name: string;
  readonly postcodeDistricts?: readonly string[];
  readonly schoolUrns?: readonly string[];
  readonly gpPracticeCodes?: readonly string[];
}

/** A school of an area's directory. */
export interface School {
  readonly urn: string;
  readonly name: string;
  readonly localAuthority: string;
  readonly independent: boolean;
}

/** An area's directory of teams and schools (infra/directory/AREA.json); decisions name its version and hash. */
export interface AreaDirectory {
  readonly area: string;
  readonly name?: string;
  readonly ruleset?: string;
  /** The reference directories carry none: a decision then names 'unversioned' and the content hash. */
  readonly version?: string;
  readonly teams: readonly Team[];
  readonly schools: readonly School[];
}

/** A rule of a ruleset: data naming a predicate of the library, with its share kind, rationale and citation. */
export interface RuleSpec {
  readonly id: string;
  readonly kind: 'REFERRAL' | 'NOTIFICATION';
  readonly predicate: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly rationale: string;
  readonly citation: string;
}

/** A deadline policy: hours after the source instant, or the end of the Nth working day after it. */
export type DuePolicy = { readonly hours: number } | { readonly workingDays: number };

/** A route's settings may carry the protocol paragraph they come from (documentation; part of the hash). */
interface Cited {
  readonly citation?: string;
}

/** An area's published protocol as reviewed data (services/decision-core/rulesets/AREA.json). */
export interface Ruleset {
  readonly id: string;
  readonly version: string;
  readonly area: string;
  readonly description: string;
  readonly lawfulBasis: string;
  /** Recorded on a share made without consent GIVEN (docs/domain/consent.md). */
  readonly withoutConsentBasis: string;
  readonly historyWindowMonths: number;
  readonly rules: readonly RuleSpec[];
  readonly routes: {
    readonly childrensSocialCare: {
      readonly due: DuePolicy;
      /**
       * A shared incident with no subject child gets the whole-event triage item even when an adult route goes
       * (kent, docs/domain/readings.md#kent-a-shared-incident-with-no-subject-child: every kent rule is a message to children's services). Default false.
       */
      readonly eventTriageWithoutChild?: boolean;
    } & Cited;
    /** FULL: section 4's health table for every subject; ON_RULE: only when `onRule` fired (kent K3); NONE. */
    readonly health: {
      readonly mode: 'FULL' | 'ON_RULE' | 'NONE';
      readonly onRule?: string;
      readonly due: DuePolicy;
      readonly under1Only?: boolean;
    } & Cited;
    readonly gp: {
      readonly enabled: boolean;
      readonly minAge: number;
      readonly maxAge: number;
      readonly due: DuePolicy;
    } & Cited;
    readonly adultSocialCare: { readonly due: DuePolicy } & Cited;
    readonly adultHealth: { readonly due: DuePolicy } & Cited;
    /** The share kind of health, GP and adult routes (children's social care takes the decision's kind). */
    readonly otherRoutesKind: 'REFERRAL' | 'NOTIFICATION';
  };
  readonly marac: {
    readonly shareKind: 'REFERRAL' | 'NOTIFICATION';
    readonly healthRoutes: boolean;
    readonly gpRoute: boolean;
    readonly repeatWindowMonths: number;
    readonly dueDaysBeforeMeeting: number;
    /** The rationale carried on every share a listing causes, and on a repeat listing's shares. */
    readonly rationale?: string;
    readonly repeatRationale?: string;
    /** The protocol paragraphs on MARAC and repeat MARAC. */
    readonly citation?: string;
  };
  readonly triageTeamService: ServiceKind;
}

/** A ruleset or directory named by a decision: id, version and SHA-256 of its canonical JSON. */
export interface VersionRef {
  readonly id: string;
  readonly version: string;
  readonly hash: string;
}

/** An incident already received at a household, as history needs it. */
export interface IncidentSummary {
  readonly eventId: string;
  readonly forceCode: string;
  readonly incidentRef: string;
  readonly householdKey: string;
  readonly occurredAt: string;
  /** Whether it was shared (a police care plan, or a SHARED decision of the hub). */
  readonly shared: boolean;
}

/** A MARAC listing already received for a victim. */
export interface ListingSummary {
  readonly eventId: string;
  /** The area it was listed in: a repeat MARAC is a listing of the same area (docs/domain/sharing-rules.md#repeat-marac). */
  readonly area: string;
  readonly maracCaseRef: string;
  readonly victimPersonId: string;
  readonly listedAt: string;
}

/**
 * What the hub already holds that a decision may read, as a port: the services keep it in state, explain builds it
 * from the earlier events of its input.
 */
export interface HistoryView {
  incidentsAt(householdKey: string): readonly IncidentSummary[];
  listingsFor(victimPersonId: string): readonly ListingSummary[];
  consentsFor(personId: string): readonly ConsentRecorded[];
}

/** One rule's evaluation: fired or not, and why. */
export interface RuleEvaluation {
  readonly ruleId: string;
  readonly fired: boolean;
  readonly reason: string;
}

/** A rationale line carried on a share: the rule, its text and its citation. */
export interface Rationale {
  readonly ruleId: string;
  readonly text: string;
  readonly citation: string;
}

/** The consent position of one share (docs/domain/consent.md). */
export interface ConsentPosition {
  readonly status: 'GIVEN' | 'REFUSED' | 'NOT_SOUGHT' | 'WITHDRAWN' | 'NOT_RECORDED';
  readonly reason: string | null;
  readonly basis: string | null;
}

/** One share the decision makes: to one team, about one subject. */
export interface PlannedShare {
  readonly notificationId: string;
  readonly service: ServiceKind;
  readonly teamId: string;
  readonly subjectPersonId: string;
  readonly shareKind: 'REFERRAL' | 'NOTIFICATION';
  readonly dueBy: string;
  readonly flags: readonly string[];
  readonly isRepeatMarac: boolean;
  readonly consent: ConsentPosition;
  readonly lawfulBasis: string;
  readonly rationale: readonly Rationale[];
  readonly payload: MinimisedPayload;
  /** Data categories the payload holds, for the audit record. */
  readonly dataCategories: readonly string[];
}

/** One route that could not be resolved: never dropped, never guessed (docs/domain/routing.md#triage-never-a-guess). */
export interface PlannedTriage {
  readonly triageId: string;
  readonly subjectPersonId: string | null;
  readonly route: 'HEALTH' | 'GP' | 'ADULT' | 'EVENT';
  readonly reason: string;
  readonly shareKind: 'REFERRAL' | 'NOTIFICATION';
  readonly dueBy: string;
  readonly isRepeatMarac: boolean;
  /** The consent position a share about this subject would state (the victim's for an item with no subject). */
  readonly consent: ConsentPosition;
  readonly lawfulBasis: string;
  /** What the triage team may see (the payload policy of the ruleset's `triageTeamService`). */
  readonly payload: MinimisedPayload;
  readonly dataCategories: readonly string[];
}

/** What the hub decides for one event, and everything needed to explain and audit it. */
export interface Decision {
  readonly sourceType: 'INCIDENT' | 'CARE_PLAN' | 'MARAC_LISTING';
  readonly decision: 'SHARED' | 'NOT_SHARED';
  readonly decisionId: string;
  readonly area: string;
  readonly source: {
    readonly type: 'INCIDENT' | 'CARE_PLAN' | 'MARAC_LISTING';
    readonly eventId: string;
    readonly ref: string;
  };
  readonly ruleset: VersionRef;
  readonly directory: VersionRef;
  readonly rulesFired: readonly string[];
  readonly rulesEvaluated: readonly RuleEvaluation[];
  readonly rationale: readonly Rationale[];
  readonly shareKind: 'REFERRAL' | 'NOTIFICATION' | null;
  readonly shares: readonly PlannedShare[];
  readonly triage: readonly PlannedTriage[];
  readonly historyEventIds: readonly string[];
  readonly householdKey: string | null;
  readonly isRepeatMarac: boolean;
  /** The source instant the deadlines count from. */
  readonly sourceInstant: string;
  readonly lawfulBasis: string;
}

/** Which payload fields each recipient service may see (src/reference/payloadPolicy.json). */
export type PayloadPolicy = Readonly<Record<string, readonly string[]>>;
