import type { Child, IncidentBody, IncidentSummary } from './model.js';
import { mayBeUnder1 } from './mayBeUnder1.js';

/** What a predicate reads: the incident, its local date, its children under 18, and its household history. */
export interface RuleFacts {
  readonly incident: IncidentBody;
  /** The Europe/London local date of occurredAt (ages are taken on it). */
  readonly incidentDate: string;
  /** Children under 18 on the incident date (no date of birth: a child), in event order. */
  readonly children: readonly Child[];
  /** Other incidents at the household in the window, deduplicated. */
  readonly history: readonly IncidentSummary[];
  /** The ruleset's history window in months (for the reasons; 12 unless said). */
  readonly historyWindowMonths?: number;
}

/** A predicate's answer: fired or not, and a reason a person can read. */
export interface PredicateResult {
  readonly fired: boolean;
  readonly reason: string;
}

type Params = Readonly<Record<string, unknown>>;
const months = (f: RuleFacts) => `the previous ${f.historyWindowMonths ?? 12} months`;
const incidents = (n: number) => `${n} incident${n === 1 ? '' : 's'}`;
/** A named condition a ruleset rule refers to; rulesets are data, predicates are the only code. */
export type Predicate = (facts: RuleFacts, params: Params) => PredicateResult;

const yes = (reason: string): PredicateResult => ({ fired: true, reason });
const no = (reason: string): PredicateResult => ({ fired: false, reason });
const resident = (f: RuleFacts) => f.children.filter((c) => c.residesAtLocation);
const num = (p: Params, key: string): number => {
  const v = p[key];
  if (typeof v !== 'number') throw new Error(`predicate parameter ${key} must be a number`);
  return v;
};
const strings = (p: Params, key: string): string[] => {
  const v = p[key];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
    throw new Error(`predicate parameter ${key} must be a list of strings`);
  return v;
};

/** The predicate library (DOMAIN.md sections 3 and 5). A new area's rules combine these by name and parameters. */
export const PREDICATES: Readonly<Record<string, Predicate>> = {
  childResidesAndCrimeRecorded: (f) => {
    if (resident(f).length === 0) return no('no child resides at the location');
    return f.incident.crimeRecorded
      ? yes('a child resides at the location and a crime is recorded')
      : no('no crime recorded');
  },
  noCrimeChildResidesHistoryAtLeast: (f, p) => {
    const min = num(p, 'min');
    if (f.incident.crimeRecorded) return no('crime recorded');
    if (resident(f).length === 0) return no('no child resides at the location');
    return f.history.length >= min
      ? yes(
          `no crime recorded, a child resides there and the household had ${incidents(f.history.length)} in ${months(f)}`,
        )
      : no(`the household had ${incidents(f.history.length)} in ${months(f)} (needs ${min})`);
  },
  victimPregnant: (f) =>
    f.incident.victim.pregnant ? yes('the victim is pregnant') : no('the victim is not recorded as pregnant'),
  childVictimOrPerpetrator: (f) => {
    const c = f.children.find((x) => x.involvement === 'VICTIM' || x.involvement === 'PERPETRATOR');
    return c
      ? yes(`a child is a ${c.involvement.toLowerCase()} in the incident`)
      : no('no child is a victim or perpetrator');
  },
  childCalledPolice: (f) =>
    f.children.some((c) => c.calledPolice)
      ? yes('a child called the police')
      : no('no child called the police'),
  childAbuseMarker: (f) =>
    f.incident.childAbuseMarkerOnAddress
      ? yes('there is a child abuse marker on the address')
      : no('no child abuse marker on the address'),
  deemedSerious: (f) =>
    f.incident.deemedSerious
      ? yes('the officer judged it so serious that it must be shared')
      : no('not deemed serious'),
  followsPreviousShare: (f) => {
    if (f.incident.previousShareRef) return yes('it follows a previous share (previousShareRef)');
    const shared = f.history.find((h) => h.shared);
    return shared
      ? yes(`an incident in the household's history was shared (${shared.forceCode} ${shared.incidentRef})`)
      : no(`no previousShareRef and no incident shared at the household in ${months(f)}`);
  },
  perpetratorOnLicence: (f) =>
    f.incident.perpetrator?.onLicenceOrCommunityOrder
      ? yes('the perpetrator is subject to a licence or community order')
      : no('the perpetrator is not on licence or a community order'),
  dashRiskAndChildResides: (f, p) => {
    const risks = strings(p, 'risks');
    if (!risks.includes(f.incident.dashRisk)) return no(`DASH risk is ${f.incident.dashRisk}`);
    return resident(f).length > 0
      ? yes(`DASH risk ${f.incident.dashRisk} and a child resides at the location`)
      : no('no child resides at the location');
  },
  childAssaulted: (f) =>
    f.children.some((c) => c.involvement === 'VICTIM')
      ? yes('a child was a victim (assaulted) in the incident')
      : no('no child was a victim'),
  childUnder1ResidesOrVictimPregnant: (f) => {
    const residents = resident(f);
    if (residents.some((c) => mayBeUnder1(c, f.incidentDate) === true))
      return yes('a child under 1 resides at the location');
    const perhaps = residents.find((c) => mayBeUnder1(c, f.incidentDate) === 'unknown');
    if (perhaps)
      return yes(
        `a resident child with no date of birth and setting ${perhaps.education.setting} may be under 1`,
      );
    return f.incident.victim.pregnant
      ? yes('the victim is pregnant (regardless of whether present or not)')
      : no('no resident child under 1 and the victim is not pregnant');
  },
  dashRiskAndHistoryAtLeast: (f, p) => {
    const risks = strings(p, 'risks');
    const min = num(p, 'min');
    if (!risks.includes(f.incident.dashRisk)) return no(`DASH risk is ${f.incident.dashRisk}`);
    return f.history.length >= min
      ? yes(`DASH risk ${f.incident.dashRisk} and ${incidents(f.history.length)} in ${months(f)}`)
      : no(`the household had ${incidents(f.history.length)} in ${months(f)} (needs ${min})`);
  },
  parentFledLeavingChild: (f) =>
    f.incident.parentFledLeavingChildWithPerpetrator
      ? yes('a parent fled leaving a child with the alleged perpetrator')
      : no('no parent fled leaving a child'),
  residentChildLookedAfter: (f) =>
    resident(f).some((c) => c.lookedAfter)
      ? yes('a resident child is looked after (in care)')
      : no('no resident child is looked after'),
  childProtectionOrOpenOrProceedings: (f) => {
    const c = f.children.find(
      (x) => x.childProtectionPlan || x.openToChildrensServices || x.subjectOfCareProceedings,
    );
    if (!c) return no("no child is on a protection plan, open to children's services or in care proceedings");
    const why = c.childProtectionPlan
      ? 'subject to a child protection plan'
      : c.openToChildrensServices
        ? "open to children's services"
        : 'subject to care proceedings';
    return yes(`a child is ${why}`);
  },
  firstIncidentHistoricAbuseChildResides: (f) => {
    if (f.history.length > 0) return no(`the household has ${incidents(f.history.length)} in ${months(f)}`);
    if (!f.incident.historicAbuseDisclosed) return no('no historic abuse disclosed');
    return resident(f).length > 0
      ? yes('first incident, historic abuse disclosed and a child resides there')
      : no('no child resides at the location');
  },
  riskFactorPresent: (f, p) => {
    const factors = strings(p, 'factors');
    const hit = f.incident.riskFactors.find((r) => factors.includes(r));
    return hit
      ? yes(`${hit} is among the risk factors`)
      : no(`none of ${factors.join(', ')} among the risk factors`);
  },
  dashRiskAndChildWitness: (f, p) => {
    const risks = strings(p, 'risks');
    if (!risks.includes(f.incident.dashRisk)) return no(`DASH risk is ${f.incident.dashRisk}`);
    return f.children.some((c) => c.involvement === 'WITNESS')
      ? yes(`DASH risk ${f.incident.dashRisk} and a child witnessed it`)
      : no('no child witnessed it');
  },
  dashRiskChildResidesAndRiskFactor: (f, p) => {
    const risks = strings(p, 'risks');
    const factors = strings(p, 'factors');
    if (!risks.includes(f.incident.dashRisk)) return no(`DASH risk is ${f.incident.dashRisk}`);
    if (resident(f).length === 0) return no('no child resides at the location');
    const hit = f.incident.riskFactors.find((r) => factors.includes(r));
    return hit
      ? yes(
          `DASH risk ${f.incident.dashRisk}, a child resides there and ${hit} requires children's services to know`,
        )
      : no(`none of ${factors.join(', ')} among the risk factors`);
  },
};

/** The parameters each predicate takes (a ruleset is checked against them when it is loaded). */
export const PREDICATE_PARAMETERS: Readonly<Record<string, Readonly<Record<string, 'number' | 'strings'>>>> =
  {
    childResidesAndCrimeRecorded: {},
    noCrimeChildResidesHistoryAtLeast: { min: 'number' },
    victimPregnant: {},
    childVictimOrPerpetrator: {},
    childCalledPolice: {},
    childAbuseMarker: {},
    deemedSerious: {},
    followsPreviousShare: {},
    perpetratorOnLicence: {},
    dashRiskAndChildResides: { risks: 'strings' },
    childAssaulted: {},
    childUnder1ResidesOrVictimPregnant: {},
    dashRiskAndHistoryAtLeast: { risks: 'strings', min: 'number' },
    parentFledLeavingChild: {},
    residentChildLookedAfter: {},
    childProtectionOrOpenOrProceedings: {},
    firstIncidentHistoricAbuseChildResides: {},
    riskFactorPresent: { factors: 'strings' },
    dashRiskAndChildWitness: { risks: 'strings' },
    dashRiskChildResidesAndRiskFactor: { risks: 'strings', factors: 'strings' },
  };
