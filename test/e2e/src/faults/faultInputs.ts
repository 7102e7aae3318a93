import { randomUUID } from 'node:crypto';
import { validExample } from '@sharehub/contracts';
import { createAreaRegistry, decideEvents, type ExplainableEvent } from '@sharehub/decision-core';
import type { CarePlanIssued, ConsentRecorded, IncidentRecorded, MaracListed } from '@sharehub/schemas';
import { uniqueIncident, uniqueTag } from '../pipelineScenarios.js';

/** One event the load posts, where to, as whom, and what the hub must make of it. */
export interface FaultInput {
  readonly n: number;
  readonly path: '/v1/incidents' | '/v1/care-plans' | '/v1/marac-listings' | '/v1/consent';
  /** The organisation the posting token is for (the force, the referring agency, the recorder). */
  readonly org: string;
  readonly body: { readonly eventId: string } & object;
  /** Whether the hub decides it (everything but a consent record), with one SHARED or NOT_SHARED audit record. */
  readonly decided: boolean;
  /** The notifications it must make: each id, once, in this team's inbox. */
  readonly notifications: ReadonlyArray<{ readonly notificationId: string; readonly teamId: string }>;
  /** The triage items it must make, each once. */
  readonly triageIds: readonly string[];
}

/**
 * What a store might choke on though the contract allows it (issue 17): astral characters and emoji, a right-to-left
 * override, a name of 200 astral characters (400 UTF-16 units, 800 bytes), free text of 10,000 characters with tabs
 * and line breaks, quotes, backslashes and SQL wildcards. Each is a pair: one line (a name) and free text (a summary).
 * A NUL byte or a 70,000-character string is not allowed by the contract (ADR 0042): the gateway refuses it with a
 * 400, and a consumer dead-letters one that reaches a topic (the poison cases), so neither is in this mix.
 */
type Nasty = { readonly line: string; readonly text: string };
const NASTY: readonly Nasty[] = [
  { line: 'emoji 👩‍👧‍👦 \u{1F600} \uD83D\uDE00 end', text: 'emoji 👩‍👧‍👦 \u{1F600} summary' },
  { line: '\u202Eright-to-left', text: '\u202Eright-to-left\u200B zero-width' },
  {
    line: '\u{1D4B3}'.repeat(200),
    text: `line one\n\ttabbed\r\n${'ü'.repeat(9_000)}${'\u{1F600}'.repeat(900)}`,
  },
  { line: `O'Brien "quoted" \\ back%slash_`, text: `'; drop table x; -- %_ \\ "quoted"` },
];

/**
 * `count` inputs in a fixed mix (incidents 70 %, police care plans 10 %, MARAC listings 10 %, consent records 10 %),
 * every one about people and a household of its own, so the hub's answer to each does not depend on the order of
 * arrival, which faults change; 1 in `nastyEvery` carries strings a store might choke on (in turn an incident, a care
 * plan or a MARAC listing: the inputs whose names and summaries reach the stores). Each input's expected
 * outcome is the decision core's answer to it alone, as `npm run -s explain` would give it. `shiftDaysOf(n)`, if
 * given, moves every date and instant of input n by that many whole days (ages and intervals unchanged), so a soak's
 * event time can move on and the services' history windows slide (ADR 0082).
 */
export function faultInputs(
  count: number,
  nastyEvery = 100,
  shiftDaysOf?: (n: number) => number,
): FaultInput[] {
  const areaOf = createAreaRegistry();
  return Array.from({ length: count }, (_, n) => {
    const block = Math.floor(n / nastyEvery);
    const nasty =
      n % nastyEvery === block % Math.min(9, nastyEvery) ? NASTY[block % NASTY.length] : undefined;
    const slot = n % 10;
    const made: ExplainableEvent =
      slot < 7
        ? { type: 'IncidentRecorded', event: incident(n, nasty) }
        : slot === 7
          ? { type: 'CarePlanIssued', event: carePlan(nasty) }
          : slot === 8
            ? { type: 'MaracListed', event: listing(nasty) }
            : { type: 'ConsentRecorded', event: consent() };
    const days = shiftDaysOf?.(n) ?? 0;
    const explainable =
      days === 0 ? made : ({ ...made, event: shiftDates(made.event, days) } as ExplainableEvent);
    const [decision] = decideEvents([explainable], areaOf);
    const decided = typeof decision === 'object';
    return {
      n,
      path: PATHS[explainable.type],
      org: orgOf(explainable),
      body: explainable.event,
      decided,
      notifications: decided
        ? decision.shares.map((s) => ({ notificationId: s.notificationId, teamId: s.teamId }))
        : [],
      triageIds: decided ? decision.triage.map((t) => t.triageId) : [],
    };
  });
}

const PATHS = {
  IncidentRecorded: '/v1/incidents',
  CarePlanIssued: '/v1/care-plans',
  MaracListed: '/v1/marac-listings',
  ConsentRecorded: '/v1/consent',
} as const;

function orgOf(input: ExplainableEvent): string {
  switch (input.type) {
    case 'IncidentRecorded':
      return input.event.forceCode;
    case 'CarePlanIssued':
      return input.event.incident.forceCode;
    case 'MaracListed':
      return input.event.referringAgency;
    case 'ConsentRecorded':
      return input.event.recordedBy;
  }
}

/**
 * A varied incident (some shared: crime, pregnancy, a child victim; some not; 1 in 5 with a 16-year-old registered
 * with no GP practice, which routes to triage), about people and a household of its own.
 */
function incident(n: number, nasty: Nasty | undefined): IncidentRecorded {
  const base = uniqueIncident(n % 3 === 0 ? 'incident-trafford-not-shared' : 'incident-trafford');
  const tag = base.location.householdKey.slice(3);
  const children = base.children.map((c, i) => ({ ...c, personId: `C-${tag}-${i}` }));
  if (n % 5 === 1 && children[1])
    children[1] = { ...children[1], dateOfBirth: '2009-06-01', gpPracticeCode: null };
  return {
    ...base,
    crimeRecorded: n % 4 !== 0 && base.crimeRecorded,
    victim: {
      ...base.victim,
      personId: `V-${tag}`,
      pregnant: n % 7 === 0,
      ...(nasty ? { familyName: nasty.line } : {}),
    },
    perpetrator: base.perpetrator && { ...base.perpetrator, personId: `P-${tag}` },
    children,
    ...(nasty ? { summary: nasty.text } : {}),
  };
}

function carePlan(nasty: Nasty | undefined): CarePlanIssued {
  const plan = structuredClone(validExample<'CarePlanIssued'>('careplan-trafford').event);
  const tag = uniqueTag();
  return {
    ...plan,
    eventId: randomUUID(),
    carePlanRef: `${plan.carePlanRef}-${tag}`,
    incident: {
      ...plan.incident,
      eventId: randomUUID(),
      incidentRef: `${plan.incident.incidentRef}-${tag}`,
      location: { ...plan.incident.location, householdKey: `hh-${tag}` },
      victim: { ...plan.incident.victim, personId: `V-${tag}`, ...(nasty ? { familyName: nasty.line } : {}) },
      perpetrator: plan.incident.perpetrator && { ...plan.incident.perpetrator, personId: `P-${tag}` },
      children: plan.incident.children.map((c, i) => ({ ...c, personId: `C-${tag}-${i}` })),
      ...(nasty ? { summary: nasty.text } : {}),
    },
  };
}

function listing(nasty: Nasty | undefined): MaracListed {
  const base = structuredClone(validExample<'MaracListed'>('marac-trafford').event);
  const tag = uniqueTag();
  return {
    ...base,
    eventId: randomUUID(),
    maracCaseRef: `${base.maracCaseRef}-${tag}`,
    victim: { ...base.victim, personId: `V-${tag}`, ...(nasty ? { givenName: nasty.line } : {}) },
    perpetrator: base.perpetrator && { ...base.perpetrator, personId: `P-${tag}` },
    children: base.children.map((c, i) => ({ ...c, personId: `C-${tag}-${i}` })),
  };
}

function consent(): ConsentRecorded {
  const base = structuredClone(validExample<'ConsentRecorded'>('consent-given').event);
  const tag = uniqueTag();
  return {
    ...base,
    eventId: randomUUID(),
    subjectPersonId: `S-${tag}`,
    scope: { incidentRef: `GMP-${tag}`, maracCaseRef: null },
    recordedAt: new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A copy of an event with every ISO instant and date in it moved by `days` whole days. */
function shiftDates<T>(value: T, days: number): T {
  const ms = days * 86_400_000;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (INSTANT.test(v)) return new Date(Date.parse(v) + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (DATE.test(v)) return new Date(Date.parse(`${v}T00:00:00Z`) + ms).toISOString().slice(0, 10);
      return v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
