import type { MinimisedPayload } from '@sharehub/schemas';
import type { AreaContext } from '../areaContext.js';
import type { ConsentScope } from '../consentPosition.js';
import type {
  Child,
  DuePolicy,
  HistoryView,
  IncidentBody,
  PlannedTriage,
  Rationale,
  ServiceKind,
  Team,
} from '../model.js';

/** Which routes a shared event takes (from the ruleset and the rules that fired, or the ruleset's MARAC settings). */
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

/** One subject of a share (DOMAIN.md 2): a child, the unborn child, or the victim (for adult routes). */
export type RouteSubject =
  | {
      readonly kind: 'CHILD';
      readonly personId: string;
      readonly child: Child;
      /** Whole years on the local date; undefined with no date of birth. */
      readonly age: number | undefined;
      readonly payload: Partial<MinimisedPayload>;
    }
  | { readonly kind: 'UNBORN'; readonly personId: string; readonly payload: Partial<MinimisedPayload> }
  | {
      readonly kind: 'VICTIM';
      readonly personId: string;
      readonly victim: IncidentBody['victim'];
      readonly payload: Partial<MinimisedPayload>;
    };

/** What a route reads besides the subject: the event, the plan, the home postcode district and due times. */
export interface RouteContext {
  readonly input: RoutingInput;
  /** The outward code of the event's postcode. */
  readonly district: string;
  /** A due policy's due time for this event (the plan's fixed time for a MARAC listing). */
  due(policy: DuePolicy): string;
}

/** What a route does for one subject: a share to a team, or a triage item on its triage route, never a guess. */
export interface RouteOutput {
  share(team: Team, kind: 'REFERRAL' | 'NOTIFICATION', dueBy: string, flags?: readonly string[]): void;
  triage(reason: string, kind: 'REFERRAL' | 'NOTIFICATION', dueBy: string): void;
}

/**
 * A route to one kind of recipient (ADR 0022): which services it sends to, where what it cannot resolve is triaged,
 * whether the plan takes it, and what it does for one subject. Routes hold no area: the ruleset (through the plan
 * and `input.ctx.ruleset`) and the directory (through `input.ctx`) say everything area-specific.
 */
export interface Route {
  /** For docs and tests. */
  readonly name: string;
  /** The recipient services its shares go to, in the Avro enum's order. */
  readonly services: readonly ServiceKind[];
  /** The triage route of what it cannot resolve (the inbox assigns such items to teams of `services`). */
  readonly triageRoute: PlannedTriage['route'];
  /** Whether the event's plan takes this route at all. */
  taken(plan: RoutePlan): boolean;
  /** Routes one subject (a route ignores subjects it is not about). */
  route(subject: RouteSubject, at: RouteContext, out: RouteOutput): void;
}
