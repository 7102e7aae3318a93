import { describe, expect, it } from 'vitest';
import { decideIncident } from './decide.js';
import { loadArea } from './loadArea.js';
import { MemoryHistory } from './MemoryHistory.js';
import { child, incident } from './testing/fixtures.js';
import type { IncidentBody } from './model.js';

const ctx = loadArea('trafford');
const decide = (i: IncidentBody, h = new MemoryHistory()) => decideIncident(ctx, i, h);
const routes = (i: IncidentBody, h?: MemoryHistory) =>
  decide(i, h).shares.map(
    (s) => `${s.service}:${s.teamId}:${s.subjectPersonId}${s.flags.length ? `:${s.flags.join(',')}` : ''}`,
  );
const triage = (i: IncidentBody, h?: MemoryHistory) =>
  decide(i, h).triage.map((t) => `${t.route}:${t.subjectPersonId ?? '-'}`);

function historyWith(...occurredAt: Array<[string, boolean?]>): MemoryHistory {
  const h = new MemoryHistory();
  occurredAt.forEach(([at, shared], i) =>
    h.addIncident({
      eventId: `H${i}`,
      forceCode: 'GMP',
      incidentRef: `OLD-${i}`,
      householdKey: 'HH1',
      occurredAt: at,
      shared: shared ?? false,
    }),
  );
  return h;
}

describe('trafford thresholds (docs/domain/sharing-rules.md#trafford-t1t9)', () => {
  it('shares nothing when no rule fires, and says why for every rule', () => {
    const d = decide(incident());
    expect(d.decision).toBe('NOT_SHARED');
    expect(d.rulesEvaluated.map((e) => e.ruleId)).toEqual([
      'T1',
      'T2',
      'T3',
      'T4',
      'T5',
      'T6',
      'T7',
      'T8',
      'T9',
    ]);
    expect(d.rulesEvaluated.every((e) => !e.fired && e.reason.length > 0)).toBe(true);
    expect(d.shares).toEqual([]);
    expect(d.triage).toEqual([]);
  });

  it.each<[string, Partial<IncidentBody>]>([
    ['T1', { crimeRecorded: true }],
    ['T3', { victim: { ...incident().victim, pregnant: true } }],
    ['T4', { children: [child({ involvement: 'VICTIM' })] }],
    ['T5', { children: [child({ calledPolice: true })] }],
    ['T6', { childAbuseMarkerOnAddress: true }],
    ['T7', { deemedSerious: true }],
    ['T8', { previousShareRef: 'GMP-CP-1' }],
    ['T9', { perpetrator: { ...incident().perpetrator!, onLicenceOrCommunityOrder: true } }],
  ])('%s fires alone on its condition', (rule, overrides) => {
    const d = decide(incident(overrides));
    expect(d.decision).toBe('SHARED');
    expect(d.rulesFired).toEqual([rule]);
    expect(d.shareKind).toBe('NOTIFICATION');
  });

  it('T4 also fires for a child perpetrator, not for a witness', () => {
    expect(decide(incident({ children: [child({ involvement: 'PERPETRATOR' })] })).rulesFired).toEqual([
      'T4',
    ]);
    expect(decide(incident({ children: [child({ involvement: 'WITNESS' })] })).decision).toBe('NOT_SHARED');
  });

  it('T1 needs a resident child: a crime with no child living there is not shared', () => {
    expect(
      decide(incident({ crimeRecorded: true, children: [child({ residesAtLocation: false })] })).decision,
    ).toBe('NOT_SHARED');
  });

  it('T2 fires on the third incident in 12 months (two in history), not the second', () => {
    expect(decide(incident(), historyWith(['2026-01-01T10:00:00Z'])).decision).toBe('NOT_SHARED');
    const d = decide(incident(), historyWith(['2026-01-01T10:00:00Z'], ['2025-06-01T10:00:00Z']));
    expect(d.rulesFired).toEqual(['T2']);
    expect(d.historyEventIds).toEqual(['H1', 'H0']);
  });

  it('T2 counts earlier incidents whoever lived there, but never with a crime recorded (T1 instead)', () => {
    const d = decide(
      incident({ crimeRecorded: true }),
      historyWith(['2026-01-01T10:00:00Z'], ['2025-06-01T10:00:00Z']),
    );
    expect(d.rulesFired).toEqual(['T1']);
  });

  it('the 12-month window starts strictly after the same local date and time one year earlier', () => {
    // occurredAt 2026-03-10T20:00Z is 20:00 GMT; one year earlier is 2025-03-10T20:00 GMT.
    const exactlyAYear = historyWith(['2025-03-10T20:00:00Z'], ['2026-01-01T00:00:00Z']);
    expect(decide(incident(), exactlyAYear).decision).toBe('NOT_SHARED');
    const justInside = historyWith(['2025-03-10T20:00:01Z'], ['2026-01-01T00:00:00Z']);
    expect(decide(incident(), justInside).rulesFired).toEqual(['T2']);
  });

  it('history counts incidents that arrived later but occurred earlier, and ignores ones that occurred after', () => {
    expect(decide(incident(), historyWith(['2026-03-11T10:00:00Z'], ['2026-01-01T00:00:00Z'])).decision).toBe(
      'NOT_SHARED',
    );
  });

  it('the same incident arriving twice counts once in history', () => {
    const h = new MemoryHistory();
    for (const eventId of ['A', 'B'])
      h.addIncident({
        eventId,
        forceCode: 'GMP',
        incidentRef: 'DUP',
        householdKey: 'HH1',
        occurredAt: '2026-01-01T00:00:00Z',
        shared: false,
      });
    expect(decide(incident(), h).decision).toBe('NOT_SHARED');
  });

  it('T8 (hub reading) fires when an incident in the 12-month history was shared', () => {
    expect(decide(incident(), historyWith(['2025-12-01T10:00:00Z', true])).rulesFired).toEqual(['T8']);
    expect(decide(incident(), historyWith(['2025-01-01T10:00:00Z', true])).decision).toBe('NOT_SHARED');
  });

  it('a person aged 18 or over on the incident date is not a child; 17 is', () => {
    expect(
      decide(incident({ crimeRecorded: true, children: [child({ dateOfBirth: '2008-03-10' })] })).decision,
    ).toBe('NOT_SHARED');
    expect(
      decide(incident({ crimeRecorded: true, children: [child({ dateOfBirth: '2008-03-11' })] })).decision,
    ).toBe('SHARED');
  });

  it('takes ages on the Europe/London local date of occurredAt (BST late evening is the next day)', () => {
    // 2026-07-09T23:30Z is 00:30 on 10 July in London: a child born 2008-07-10 is 18 there.
    const d = decide(
      incident({
        occurredAt: '2026-07-09T23:30:00Z',
        recordedAt: '2026-07-10T01:00:00Z',
        crimeRecorded: true,
        children: [child({ dateOfBirth: '2008-07-10' })],
      }),
    );
    expect(d.decision).toBe('NOT_SHARED');
  });
});

describe('trafford routing (docs/domain/routing.md)', () => {
  const shared = (c: Parameters<typeof child>[0], extra: Partial<IncidentBody> = {}) =>
    incident({ crimeRecorded: true, children: [child(c)], ...extra });

  it('children’s social care gets every subject child within 24 hours; health within 5 working days', () => {
    const d = decide(shared({}));
    expect(d.shares.map((s) => [s.service, s.dueBy])).toEqual([
      ['CHILDRENS_SOCIAL_CARE', '2026-03-11T21:00:00Z'],
      ['HEALTH_VISITING', '2026-03-17T23:59:59Z'],
    ]);
  });

  it.each<[string, Parameters<typeof child>[0], string[]]>([
    [
      'PRE_SCHOOL → health visiting for the home district',
      {},
      ['CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1', 'HEALTH_VISITING:tr-hv-central:C1'],
    ],
    [
      'SCHOOL in the directory, maintained, in the area → its school nursing team',
      { dateOfBirth: '2016-01-01', education: { setting: 'SCHOOL', schoolUrn: '106310' } },
      ['CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1', 'SCHOOL_NURSING:tr-sn-north:C1'],
    ],
    [
      'SCHOOL independent → school nursing for the home district',
      { dateOfBirth: '2016-01-01', education: { setting: 'SCHOOL', schoolUrn: '106390' } },
      ['CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1', 'SCHOOL_NURSING:tr-sn-central:C1'],
    ],
    [
      'SCHOOL of another local authority → school nursing for the home district',
      { dateOfBirth: '2012-01-01', education: { setting: 'SCHOOL', schoolUrn: '105510' } },
      ['CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1', 'SCHOOL_NURSING:tr-sn-central:C1'],
    ],
    [
      'LEFT_SCHOOL → the previous school’s school nursing team',
      {
        dateOfBirth: '2010-01-01',
        gpPracticeCode: 'P91001',
        education: { setting: 'LEFT_SCHOOL', previousSchoolUrn: '106331' },
      },
      [
        'CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1',
        'SCHOOL_NURSING:tr-sn-south:C1',
        'GP:tr-gp-p91001:C1',
      ],
    ],
    [
      'LEFT_SCHOOL at an independent school → school nursing for the home district',
      {
        dateOfBirth: '2010-01-01',
        gpPracticeCode: 'P91001',
        education: { setting: 'LEFT_SCHOOL', previousSchoolUrn: '106390' },
      },
      [
        'CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1',
        'SCHOOL_NURSING:tr-sn-central:C1',
        'GP:tr-gp-p91001:C1',
      ],
    ],
    [
      'HOME_EDUCATED → school nursing for the home district, flagged NOT_IN_SCHOOL',
      { dateOfBirth: '2014-01-01', education: { setting: 'HOME_EDUCATED' } },
      ['CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1', 'SCHOOL_NURSING:tr-sn-central:C1:NOT_IN_SCHOOL'],
    ],
    [
      'NOT_IN_EDUCATION → school nursing for the home district, flagged NOT_IN_SCHOOL',
      { dateOfBirth: '2014-01-01', education: { setting: 'NOT_IN_EDUCATION' } },
      ['CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1', 'SCHOOL_NURSING:tr-sn-central:C1:NOT_IN_SCHOOL'],
    ],
    [
      'UNKNOWN before the school year in which they turn 5 → health visiting',
      { dateOfBirth: '2021-09-01', education: { setting: 'UNKNOWN' } },
      ['CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1', 'HEALTH_VISITING:tr-hv-central:C1'],
    ],
    [
      'UNKNOWN from 1 September of that school year (reception) → school nursing',
      { dateOfBirth: '2021-08-31', education: { setting: 'UNKNOWN' } },
      ['CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1', 'SCHOOL_NURSING:tr-sn-central:C1'],
    ],
    [
      'a child of 16 with a GP practice → also that GP',
      {
        dateOfBirth: '2009-06-01',
        gpPracticeCode: 'P91002',
        education: { setting: 'SCHOOL', schoolUrn: '106321' },
      },
      [
        'CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1',
        'SCHOOL_NURSING:tr-sn-central:C1',
        'GP:tr-gp-p91002:C1',
      ],
    ],
    [
      'a child of 15 → no GP route',
      {
        dateOfBirth: '2010-06-01',
        gpPracticeCode: 'P91002',
        education: { setting: 'SCHOOL', schoolUrn: '106321' },
      },
      ['CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1', 'SCHOOL_NURSING:tr-sn-central:C1'],
    ],
  ])('%s', (_name, c, expected) => {
    expect(routes(shared(c))).toEqual(expected);
    expect(triage(shared(c))).toEqual([]);
  });

  it('the unborn child (victim pregnant) → children’s social care and midwifery', () => {
    const i = incident({ victim: { ...incident().victim, pregnant: true }, children: [] });
    expect(routes(i)).toEqual([
      'CHILDRENS_SOCIAL_CARE:tr-csc-first-response:V1:unborn',
      'MIDWIFERY:tr-mw-safeguarding:V1:unborn',
    ]);
  });

  it('adult routes: adult social care in 24 hours, the named adult service in 5 working days', () => {
    const i = incident({
      crimeRecorded: true,
      victim: { ...incident().victim, openToAdultSocialCare: true, openToAdultService: 'tr-ah-cmht' },
    });
    const d = decide(i);
    expect(d.shares.slice(2).map((s) => `${s.service}:${s.teamId}:${s.subjectPersonId}:${s.dueBy}`)).toEqual([
      'ADULT_SOCIAL_CARE:tr-asc-iat:V1:2026-03-11T21:00:00Z',
      'ADULT_HEALTH:tr-ah-cmht:V1:2026-03-17T23:59:59Z',
    ]);
  });

  it('orders shares by subject in event order (children, unborn, victim), then by service', () => {
    const i = incident({
      crimeRecorded: true,
      victim: { ...incident().victim, pregnant: true, openToAdultSocialCare: true },
      children: [
        child({
          personId: 'A',
          dateOfBirth: '2016-01-01',
          education: { setting: 'SCHOOL', schoolUrn: '106320' },
        }),
        child({ personId: 'B' }),
      ],
    });
    expect(decide(i).shares.map((s) => `${s.subjectPersonId}:${s.service}`)).toEqual([
      'A:CHILDRENS_SOCIAL_CARE',
      'A:SCHOOL_NURSING',
      'B:CHILDRENS_SOCIAL_CARE',
      'B:HEALTH_VISITING',
      'V1:unborn:CHILDRENS_SOCIAL_CARE',
      'V1:unborn:MIDWIFERY',
      'V1:ADULT_SOCIAL_CARE',
    ]);
  });
});

describe('trafford triage, never a guess (docs/domain/routing.md#triage-never-a-guess)', () => {
  const shared = (c: Parameters<typeof child>[0], extra: Partial<IncidentBody> = {}) =>
    incident({ crimeRecorded: true, children: [child(c)], ...extra });

  it('no date of birth, setting UNKNOWN: health and GP triaged, children’s social care still told', () => {
    const i = shared({ dateOfBirth: null, education: { setting: 'UNKNOWN' } });
    expect(routes(i)).toEqual(['CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1']);
    expect(triage(i)).toEqual(['HEALTH:C1', 'GP:C1']);
  });

  it('no date of birth, a setting that decides alone: the health route still goes, one item asks for the age', () => {
    const i = shared({ dateOfBirth: null, education: { setting: 'SCHOOL', schoolUrn: '106320' } });
    expect(routes(i)).toEqual([
      'CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1',
      'SCHOOL_NURSING:tr-sn-central:C1',
    ]);
    expect(triage(i)).toEqual(['GP:C1']);
    expect(decide(i).triage[0]!.reason).toMatch(/no date of birth/);
  });

  it.each<[string, Parameters<typeof child>[0], Partial<IncidentBody>, string, RegExp]>([
    [
      'a school URN not in the directory',
      { dateOfBirth: '2016-01-01', education: { setting: 'SCHOOL', schoolUrn: '999999' } },
      {},
      'HEALTH:C1',
      /999999 is not in the directory/,
    ],
    [
      'a postcode district not in the directory',
      {},
      { location: { householdKey: 'HH1', postcode: 'SW1A 1AA', uprn: null } },
      'HEALTH:C1',
      /SW1A/,
    ],
    [
      'a GP practice not in the directory',
      {
        dateOfBirth: '2009-01-01',
        gpPracticeCode: 'Z99999',
        education: { setting: 'SCHOOL', schoolUrn: '106321' },
      },
      {},
      'GP:C1',
      /Z99999/,
    ],
    [
      'a child of 16 or 17 with no GP practice (only the GP route)',
      { dateOfBirth: '2009-01-01', education: { setting: 'SCHOOL', schoolUrn: '106321' } },
      {},
      'GP:C1',
      /no gpPracticeCode/,
    ],
    [
      'a route needing the home address of a child who does not live there',
      { residesAtLocation: false },
      { childAbuseMarkerOnAddress: true, crimeRecorded: false },
      'HEALTH:C1',
      /does not reside/,
    ],
    [
      'setting SCHOOL with no URN',
      { dateOfBirth: '2016-01-01', education: { setting: 'SCHOOL' } },
      {},
      'HEALTH:C1',
      /no school URN/,
    ],
  ])('%s', (_name, c, extra, expected, reason) => {
    const d = decide(shared(c, extra));
    expect(d.triage.map((t) => `${t.route}:${t.subjectPersonId}`)).toEqual([expected]);
    expect(d.triage[0]!.reason).toMatch(reason);
    expect(d.shares.some((s) => s.service === 'CHILDRENS_SOCIAL_CARE')).toBe(true);
  });

  it('an adult service that is not in the directory is triaged on the ADULT route', () => {
    const d = decide(
      incident({
        deemedSerious: true,
        children: [],
        victim: { ...incident().victim, openToAdultService: 'nobody' },
      }),
    );
    expect(d.triage.map((t) => `${t.route}:${t.subjectPersonId}`)).toEqual(['ADULT:V1']);
  });

  it('a shared event with no subject at all becomes one EVENT triage item with no subject', () => {
    const d = decide(incident({ deemedSerious: true, children: [] }));
    expect(d.decision).toBe('SHARED');
    expect(d.shares).toEqual([]);
    expect(d.triage.map((t) => [t.route, t.subjectPersonId])).toEqual([['EVENT', null]]);
  });
});
