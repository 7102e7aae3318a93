import { describe, expect, it } from 'vitest';
import { decideIncident, decideMarac } from './decide.js';
import { loadArea } from './loadArea.js';
import { MemoryHistory } from './MemoryHistory.js';
import type { IncidentBody } from './model.js';
import { child, incident, kentIncident, listing } from './testing/fixtures.js';

const trafford = loadArea('trafford');
const kent = loadArea('kent');
const shares = (d: ReturnType<typeof decideIncident>) =>
  d.shares.map((s) => `${s.service}:${s.teamId}:${s.subjectPersonId}`);
const triage = (d: ReturnType<typeof decideIncident>) =>
  d.triage.map((t) => `${t.route}:${t.subjectPersonId ?? '-'}`);

describe('ages on the incident date (docs/domain/facts-and-history.md)', () => {
  const at = (date: string, dateOfBirth: string, extra: Partial<IncidentBody> = {}) =>
    decideIncident(
      trafford,
      incident({
        occurredAt: `${date}T12:00:00Z`,
        recordedAt: `${date}T13:00:00Z`,
        crimeRecorded: true,
        children: [
          child({
            dateOfBirth,
            gpPracticeCode: 'P91001',
            education: { setting: 'SCHOOL', schoolUrn: '106321' },
          }),
        ],
        ...extra,
      }),
      new MemoryHistory(),
    );

  it('a child born on 29 February is 17 on 28 February and 18 (not a child) on 1 March of a common year', () => {
    expect(at('2026-02-28', '2008-02-29').rulesFired).toEqual(['T1']);
    expect(shares(at('2026-02-28', '2008-02-29'))).toContain('GP:tr-gp-p91001:C1');
    expect(at('2026-03-01', '2008-02-29').decision).toBe('NOT_SHARED');
  });

  it('on the 18th birthday the person is not a child: no rule counts them, no share is about them', () => {
    const d = at('2026-05-10', '2008-05-10', { deemedSerious: true });
    expect(d.rulesFired).toEqual(['T7']);
    expect(d.shares).toEqual([]);
    expect(triage(d)).toEqual(['EVENT:-']);
  });

  it('a child of 17 (the day before the 18th birthday) still gets the GP route', () => {
    expect(shares(at('2026-05-09', '2008-05-10'))).toEqual([
      'CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1',
      'SCHOOL_NURSING:tr-sn-central:C1',
      'GP:tr-gp-p91001:C1',
    ]);
  });

  it('the GP route starts on the 16th birthday', () => {
    expect(shares(at('2026-05-09', '2010-05-10'))).not.toContain('GP:tr-gp-p91001:C1');
    expect(shares(at('2026-05-10', '2010-05-10'))).toContain('GP:tr-gp-p91001:C1');
  });
});

describe('setting UNKNOWN by school year (docs/domain/routing.md#health-trafford)', () => {
  // Born 15 March 2021: turns 5 on 15 March 2026, in the school year that began on 1 September 2025.
  const unknownOn = (date: string) =>
    shares(
      decideIncident(
        trafford,
        incident({
          occurredAt: `${date}T12:00:00+01:00`,
          recordedAt: `${date}T13:00:00+01:00`,
          crimeRecorded: true,
          children: [child({ dateOfBirth: '2021-03-15', education: { setting: 'UNKNOWN' } })],
        }),
        new MemoryHistory(),
      ),
    );

  it('is health visiting until 31 August before that school year', () => {
    expect(unknownOn('2025-08-31')).toContain('HEALTH_VISITING:tr-hv-central:C1');
  });

  it('is school nursing from 1 September of that school year (reception), before the 5th birthday', () => {
    expect(unknownOn('2025-09-01')).toContain('SCHOOL_NURSING:tr-sn-central:C1');
  });
});

describe('routes that do not need the home address (docs/domain/facts-and-history.md, routing.md)', () => {
  it('a pupil who does not live at the address still goes to the school nursing team of a directory school', () => {
    const d = decideIncident(
      trafford,
      incident({
        childAbuseMarkerOnAddress: true,
        children: [
          child({
            residesAtLocation: false,
            dateOfBirth: '2015-01-01',
            education: { setting: 'SCHOOL', schoolUrn: '106310' },
          }),
        ],
      }),
      new MemoryHistory(),
    );
    expect(shares(d)).toEqual([
      'CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1',
      'SCHOOL_NURSING:tr-sn-north:C1',
    ]);
    expect(d.triage).toEqual([]);
  });

  it('but at an independent school the district route needs the address, and is triaged', () => {
    const d = decideIncident(
      trafford,
      incident({
        childAbuseMarkerOnAddress: true,
        children: [
          child({
            residesAtLocation: false,
            dateOfBirth: '2015-01-01',
            education: { setting: 'SCHOOL', schoolUrn: '106390' },
          }),
        ],
      }),
      new MemoryHistory(),
    );
    expect(triage(d)).toEqual(['HEALTH:C1']);
  });

  it('LEFT_SCHOOL with no previous school URN, or one not in the directory, is triaged on the health route', () => {
    for (const previousSchoolUrn of [null, '999999']) {
      const d = decideIncident(
        trafford,
        incident({
          crimeRecorded: true,
          children: [
            child({
              dateOfBirth: '2009-01-01',
              gpPracticeCode: 'P91001',
              education: { setting: 'LEFT_SCHOOL', previousSchoolUrn },
            }),
          ],
        }),
        new MemoryHistory(),
      );
      expect(triage(d)).toEqual(['HEALTH:C1']);
      expect(shares(d)).toEqual(['CHILDRENS_SOCIAL_CARE:tr-csc-first-response:C1', 'GP:tr-gp-p91001:C1']);
    }
  });

  it('an unborn child goes to midwifery whatever the address', () => {
    const d = decideIncident(
      trafford,
      incident({
        location: { householdKey: 'HH1', postcode: 'SW1A 1AA', uprn: null },
        victim: { ...incident().victim, pregnant: true },
        children: [],
      }),
      new MemoryHistory(),
    );
    expect(shares(d)).toEqual([
      'CHILDRENS_SOCIAL_CARE:tr-csc-first-response:V1:unborn',
      'MIDWIFERY:tr-mw-safeguarding:V1:unborn',
    ]);
  });
});

describe('adult routes in every area (docs/domain/routing.md#adult-routes-in-every-area)', () => {
  it('kent: adult social care and the named adult service are NOTIFICATIONs, beside a REFERRAL', () => {
    const d = decideIncident(
      kent,
      kentIncident({
        dashRisk: 'HIGH',
        victim: { ...kentIncident().victim, openToAdultSocialCare: true, openToAdultService: 'tr-ah-cmht' },
        children: [child({ dateOfBirth: '2015-01-01' })],
      }),
      new MemoryHistory(),
    );
    expect(d.shares.map((s) => `${s.service}:${s.shareKind}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:REFERRAL',
      'ADULT_SOCIAL_CARE:NOTIFICATION',
    ]);
    // A trafford team is not an adult service of kent's directory: triaged, never guessed.
    expect(triage(d)).toEqual(['ADULT:V1']);
  });

  it('trafford: only adult routes (no child, no pregnancy) still make shares, and no EVENT item', () => {
    const d = decideIncident(
      trafford,
      incident({
        deemedSerious: true,
        children: [],
        victim: { ...incident().victim, openToAdultService: 'tr-ah-substance' },
      }),
      new MemoryHistory(),
    );
    expect(shares(d)).toEqual(['ADULT_HEALTH:tr-ah-substance:V1']);
    expect(d.triage).toEqual([]);
  });
});

describe('kent K3 health routes (docs/domain/routing.md#kent)', () => {
  const k3 = (children: ReturnType<typeof child>[], pregnant = false) =>
    decideIncident(
      kent,
      kentIncident({ victim: { ...kentIncident().victim, pregnant }, children }),
      new MemoryHistory(),
    );

  it('a child under 1 who does not live at the address: the health visiting route needs it, and is triaged', () => {
    const d = k3([child({ personId: 'BABY', dateOfBirth: '2025-06-01', residesAtLocation: false })], true);
    expect(d.rulesFired).toContain('K3');
    expect(triage(d)).toEqual(['HEALTH:BABY']);
    expect(d.triage[0]!.reason).toMatch(/does not reside/);
  });

  it('a child with no date of birth in a K3 share: the age is asked for, unless the setting rules out an infant', () => {
    const d = k3(
      [
        child({ personId: 'NODOB', dateOfBirth: null, education: { setting: 'PRE_SCHOOL' } }),
        child({
          personId: 'PUPIL',
          dateOfBirth: null,
          education: { setting: 'SCHOOL', schoolUrn: '118800' },
        }),
      ],
      true,
    );
    expect(triage(d)).toEqual(['HEALTH:NODOB']);
    expect(d.triage[0]!.reason).toMatch(/needs the age/);
    expect(
      d.shares.filter((s) => s.service === 'CHILDRENS_SOCIAL_CARE').map((s) => s.subjectPersonId),
    ).toEqual(['NODOB', 'PUPIL', 'V1:unborn']);
  });

  it('a child turning 1 on the incident date is not under 1: no health route', () => {
    const d = k3([child({ personId: 'ONE', dateOfBirth: '2025-03-10' })], true);
    expect(d.shares.map((s) => s.service)).toEqual([
      'CHILDRENS_SOCIAL_CARE',
      'CHILDRENS_SOCIAL_CARE',
      'MIDWIFERY',
    ]);
  });

  it('a postcode district with no health visiting team is triaged', () => {
    const d = decideIncident(
      kent,
      kentIncident({
        location: { householdKey: 'HK1', postcode: 'TN1 1AA', uprn: null },
        children: [child({ personId: 'BABY', dateOfBirth: '2025-12-01' })],
      }),
      new MemoryHistory(),
    );
    expect(d.rulesFired).toEqual(['K3']);
    expect(triage(d)).toEqual(['HEALTH:BABY']);
    expect(d.triage[0]!.reason).toMatch(/TN1/);
  });

  it('K7 alone (a baby on a protection plan, not resident) makes no health route', () => {
    const d = decideIncident(
      kent,
      kentIncident({
        children: [
          child({
            personId: 'BABY',
            dateOfBirth: '2025-12-01',
            residesAtLocation: false,
            childProtectionPlan: true,
          }),
        ],
      }),
      new MemoryHistory(),
    );
    expect(d.rulesFired).toEqual(['K7']);
    expect(d.shares.map((s) => `${s.service}:${s.shareKind}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:NOTIFICATION',
    ]);
  });
});

describe('MARAC routes with triage (docs/domain/routing.md#marac-listings)', () => {
  it('a listing with no child, no pregnancy and no adult route is one EVENT triage item, due as MARAC shares are', () => {
    const d = decideMarac(trafford, listing({ children: [] }), new MemoryHistory());
    expect(d.triage.map((t) => [t.route, t.subjectPersonId, t.dueBy, t.isRepeatMarac])).toEqual([
      ['EVENT', null, '2026-03-18T23:59:59Z', false],
    ]);
  });

  it('trafford MARAC triages a 16-year-old with no GP practice on the GP route only, carrying isRepeatMarac', () => {
    const d = decideMarac(
      trafford,
      listing({
        referralReason: 'REPEAT_INCIDENT',
        children: [
          child({ dateOfBirth: '2009-06-01', education: { setting: 'SCHOOL', schoolUrn: '106331' } }),
        ],
      }),
      new MemoryHistory(),
    );
    expect(d.triage.map((t) => `${t.route}:${t.subjectPersonId}:${t.isRepeatMarac}`)).toEqual(['GP:C1:true']);
    expect(d.shares.every((s) => s.isRepeatMarac)).toBe(true);
  });

  it('kent MARAC: no GP and no health triage, children’s services as REFERRAL, adult routes as NOTIFICATION', () => {
    const d = decideMarac(
      kent,
      listing({
        area: 'kent',
        location: { householdKey: 'HK1', postcode: 'ME14 2AB', uprn: null },
        victim: { ...listing().victim, pregnant: true, openToAdultSocialCare: true },
        children: [child({ dateOfBirth: null, education: { setting: 'UNKNOWN' } })],
      }),
      new MemoryHistory(),
    );
    expect(d.shares.map((s) => `${s.service}:${s.subjectPersonId}:${s.shareKind}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:C1:REFERRAL',
      'CHILDRENS_SOCIAL_CARE:V1:unborn:REFERRAL',
      'ADULT_SOCIAL_CARE:V1:NOTIFICATION',
    ]);
    expect(d.triage).toEqual([]);
  });
});
