import { describe, expect, it } from 'vitest';
import { maracDue } from './deadlines.js';
import { decideIncident, decideMarac } from './decide.js';
import { decideEvents, type ExplainableEvent } from './explainEvents.js';
import { listingSummaryOf } from './listingSummaryOf.js';
import { loadArea } from './loadArea.js';
import { MemoryHistory } from './MemoryHistory.js';
import type { Decision, IncidentBody } from './model.js';
import { child, incident, kentIncident, listing } from './testing/fixtures.js';

// The readings of issue 18 (README "Readings"), each with a witness and a near miss.
const trafford = loadArea('trafford');
const kent = loadArea('kent');

/** Household HH1's history: an incident at the edge of the window (H-EDGE) and one well inside it (H-INSIDE). */
function householdWith(edgeAt: string, insideAt: string): MemoryHistory {
  const h = new MemoryHistory();
  for (const [eventId, occurredAt] of [
    ['H-EDGE', edgeAt],
    ['H-INSIDE', insideAt],
  ] as const)
    h.addIncident({
      eventId,
      forceCode: 'GMP',
      incidentRef: eventId,
      householdKey: 'HH1',
      occurredAt,
      shared: false,
    });
  return h;
}

describe('repeat MARAC is per area (DOMAIN.md 6)', () => {
  const kentListing = listing({
    eventId: 'M-KENT',
    maracCaseRef: 'KENT-CASE',
    area: 'kent',
    listedAt: '2025-11-02T10:00:00Z',
    location: { householdKey: 'HK1', postcode: 'ME14 1AA', uprn: null },
  });

  it('a kent listing of the victim does not make a later trafford listing a repeat', () => {
    const h = new MemoryHistory();
    h.addListing(listingSummaryOf(kentListing));
    const d = decideMarac(trafford, listing(), h);
    expect(d.isRepeatMarac).toBe(false);
    expect(d.shares.map((s) => s.isRepeatMarac)).not.toContain(true);
    expect(d.historyEventIds).not.toContain('M-KENT');
  });

  it('near miss: an earlier trafford listing of the victim, at the same time, makes it a repeat', () => {
    const h = new MemoryHistory();
    h.addListing(listingSummaryOf({ ...kentListing, eventId: 'M-TRAFFORD', area: 'trafford' }));
    const d = decideMarac(trafford, listing(), h);
    expect(d.isRepeatMarac).toBe(true);
    expect(d.historyEventIds).toEqual(['M-TRAFFORD']);
  });
});

describe('the previous 12 months at the clock changes (DOMAIN.md 2)', () => {
  // T2 needs two incidents in the household's history (no crime, a resident child): one is well inside the window,
  // the other sits beside the change a year before.
  const decideWith = (earlierAt: string, occurredAt: string) =>
    decideIncident(
      trafford,
      incident({ occurredAt, recordedAt: occurredAt }),
      householdWith(earlierAt, '2026-06-01T10:00:00Z'),
    );

  // 01:30 BST on 29 March 2027; a year earlier, 01:30 on 29 March 2026, was skipped by the change at 01:00 UTC.
  const spring = '2027-03-29T00:30:00Z';
  it('spring: an incident at 02:15 BST on the morning of the change, a year before, is in the history (T2 fires)', () => {
    const d = decideWith('2026-03-29T01:15:00Z', spring);
    expect(d.rulesFired).toEqual(['T2']);
    expect(d.historyEventIds).toEqual(['H-EDGE', 'H-INSIDE']);
  });
  it('spring near miss: one at 00:59 GMT, before the change, is not', () => {
    const d = decideWith('2026-03-29T00:59:00Z', spring);
    expect(d.decision).toBe('NOT_SHARED');
    expect(d.historyEventIds).toEqual(['H-INSIDE']);
  });

  // 01:30 GMT on 26 October 2026; a year earlier, 01:30 on 26 October 2025 happened twice (00:30 and 01:30 UTC).
  const autumn = '2026-10-26T01:30:00Z';
  it('autumn: the window starts after the first 01:30, so 01:15 GMT (the second pass) is in the history', () => {
    const d = decideWith('2025-10-26T01:15:00Z', autumn);
    expect(d.rulesFired).toEqual(['T2']);
    expect(d.historyEventIds).toEqual(['H-EDGE', 'H-INSIDE']);
  });
  it('autumn near miss: 01:15 BST (the first pass, before the first 01:30) is not', () => {
    const d = decideWith('2025-10-26T00:15:00Z', autumn);
    expect(d.decision).toBe('NOT_SHARED');
    expect(d.historyEventIds).toEqual(['H-INSIDE']);
  });
});

describe('kent: a child with no date of birth who may be a baby (DOMAIN.md 5)', () => {
  const noDob = (overrides: Parameters<typeof child>[0] = {}) =>
    kentIncident({ children: [child({ personId: 'BABY?', dateOfBirth: null, ...overrides })] });

  it.each(['PRE_SCHOOL', 'NOT_IN_EDUCATION', 'UNKNOWN'] as const)(
    'resident, setting %s: fires K3 (a referral) and triages its health visiting route for the age',
    (setting) => {
      const d = decideIncident(kent, noDob({ education: { setting } }), new MemoryHistory());
      expect(d.rulesFired).toEqual(['K3']);
      expect(d.rulesEvaluated.find((e) => e.ruleId === 'K3')!.reason).toBe(
        `a resident child with no date of birth and setting ${setting} may be under 1`,
      );
      expect(d.shareKind).toBe('REFERRAL');
      expect(d.shares.map((s) => `${s.service}:${s.subjectPersonId}:${s.shareKind}`)).toEqual([
        'CHILDRENS_SOCIAL_CARE:BABY?:REFERRAL',
      ]);
      expect(d.triage.map((t) => [t.route, t.subjectPersonId, t.reason])).toEqual([
        ['HEALTH', 'BABY?', 'no date of birth: the health visiting route (a child under 1) needs the age'],
      ]);
    },
  );

  it('near miss: setting SCHOOL rules out an infant, so nothing fires', () => {
    const d = decideIncident(
      kent,
      noDob({ education: { setting: 'SCHOOL', schoolUrn: '118800' } }),
      new MemoryHistory(),
    );
    expect(d.decision).toBe('NOT_SHARED');
    expect(d.rulesEvaluated.find((e) => e.ruleId === 'K3')!.fired).toBe(false);
  });

  it('near miss: not resident, so nothing fires', () => {
    const d = decideIncident(kent, noDob({ residesAtLocation: false }), new MemoryHistory());
    expect(d.decision).toBe('NOT_SHARED');
    expect(d.triage).toEqual([]);
  });
});

describe('kent: K5 with no child listed (DOMAIN.md 4 and 5)', () => {
  const fled = (overrides: Partial<IncidentBody> = {}) =>
    kentIncident({
      parentFledLeavingChildWithPerpetrator: true,
      children: [],
      victim: { ...kentIncident().victim, openToAdultSocialCare: true },
      ...overrides,
    });

  it('fires on parentFledLeavingChildWithPerpetrator alone, and the event is triaged beside the adult route', () => {
    const d = decideIncident(kent, fled(), new MemoryHistory());
    expect(d.rulesFired).toEqual(['K5']);
    expect(d.shares.map((s) => `${s.service}:${s.subjectPersonId}`)).toEqual(['ADULT_SOCIAL_CARE:V1']);
    expect(d.triage.map((t) => [t.route, t.subjectPersonId, t.shareKind, t.dueBy])).toEqual([
      ['EVENT', null, 'REFERRAL', '2026-03-11T21:00:00Z'],
    ]);
  });

  it('near miss: with a child listed, children’s services get the share and there is no event item', () => {
    const d = decideIncident(
      kent,
      fled({ children: [child({ dateOfBirth: '2015-01-01' })] }),
      new MemoryHistory(),
    );
    expect(d.shares.map((s) => s.service)).toEqual(['CHILDRENS_SOCIAL_CARE', 'ADULT_SOCIAL_CARE']);
    expect(d.triage).toEqual([]);
  });

  it('near miss: the unborn child is a subject child, so a pregnant victim gets shares and no event item', () => {
    const d = decideIncident(
      kent,
      fled({ victim: { ...fled().victim, pregnant: true } }),
      new MemoryHistory(),
    );
    expect(d.shares.map((s) => `${s.service}:${s.subjectPersonId}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:V1:unborn',
      'MIDWIFERY:V1:unborn',
      'ADULT_SOCIAL_CARE:V1',
    ]);
    expect(d.triage).toEqual([]);
  });
});

// Readings issue 18 lists as already held: each pinned by a test here unless one exists elsewhere (named in the
// README's Readings section).
describe('readings the hub already held (issue 18)', () => {
  const incidents = (...events: IncidentBody[]): ExplainableEvent[] =>
    events.map((event) => ({ type: 'IncidentRecorded', event }));
  const areaOf = (area: string) => (area === 'kent' ? kent : trafford);
  const decided = (events: ExplainableEvent[]) =>
    decideEvents(events, areaOf).map((d) => (typeof d === 'string' ? d : d.decision));
  const jan = incident({ eventId: 'A', incidentRef: 'R-A', occurredAt: '2026-01-05T10:00:00Z' });
  const feb = incident({ eventId: 'B', incidentRef: 'R-B', occurredAt: '2026-02-05T10:00:00Z' });
  const mar = incident({ eventId: 'C', incidentRef: 'R-C' }); // 10 March 2026

  it('history counts incidents of any area at the household (a kent incident counts for trafford’s T2)', () => {
    const kentJan = { ...jan, area: 'kent', forceCode: 'KNT' };
    expect(decided(incidents(kentJan, feb, mar))).toEqual(['NOT_SHARED', 'NOT_SHARED', 'SHARED']);
    // Near miss: at another household it does not count.
    const elsewhere = { ...kentJan, location: { ...kentJan.location, householdKey: 'HK-OTHER' } };
    expect(decided(incidents(elsewhere, feb, mar))).toEqual(['NOT_SHARED', 'NOT_SHARED', 'NOT_SHARED']);
  });

  it('explain takes an array in its own order: an event listed later is not history for one listed earlier', () => {
    expect(decided(incidents(mar, jan, feb))).toEqual(['NOT_SHARED', 'NOT_SHARED', 'NOT_SHARED']);
    expect(decided(incidents(jan, feb, mar))).toEqual(['NOT_SHARED', 'NOT_SHARED', 'SHARED']);
  });

  it('one year before 29 February is 28 February (at the same local time)', () => {
    const leap = incident({ occurredAt: '2028-02-29T10:00:00Z', recordedAt: '2028-02-29T11:00:00Z' });
    const history = (edge: string) => householdWith(edge, '2027-12-01T10:00:00Z');
    expect(decideIncident(trafford, leap, history('2027-02-28T10:00:01Z')).rulesFired).toEqual(['T2']);
    expect(decideIncident(trafford, leap, history('2027-02-28T10:00:00Z')).decision).toBe('NOT_SHARED');
  });

  it('MARAC due times apply to the adult routes too', () => {
    const l = listing({
      victim: { ...listing().victim, openToAdultSocialCare: true, openToAdultService: 'tr-ah-cmht' },
    });
    const d = decideMarac(trafford, l, new MemoryHistory());
    const adult = d.shares.filter((s) => s.service === 'ADULT_SOCIAL_CARE' || s.service === 'ADULT_HEALTH');
    expect(adult.map((s) => s.service)).toEqual(['ADULT_SOCIAL_CARE', 'ADULT_HEALTH']);
    expect(adult.map((s) => s.dueBy)).toEqual([
      maracDue(l.listedAt, l.meetingDate),
      maracDue(l.listedAt, l.meetingDate),
    ]);
  });

  it('an incident re-sent under a new eventId is decided again on its content and sends only what was not sent', () => {
    const first = incident({ crimeRecorded: true, children: [child({ personId: 'C1' })] });
    const updated = {
      ...first,
      eventId: 'E1-UPDATED',
      children: [child({ personId: 'C1' }), child({ personId: 'C2', dateOfBirth: '2023-02-01' })],
    };
    const [, again] = decideEvents(incidents(first, updated), areaOf) as Decision[];
    expect(again!.decision).toBe('SHARED');
    expect(again!.shares.map((s) => `${s.service}:${s.subjectPersonId}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:C2',
      'HEALTH_VISITING:C2',
    ]);
    // Near miss: the same eventId again is a duplicate, not decided.
    expect(decided(incidents(first, { ...updated, eventId: first.eventId }))).toEqual([
      'SHARED',
      'DUPLICATE',
    ]);
  });
});
