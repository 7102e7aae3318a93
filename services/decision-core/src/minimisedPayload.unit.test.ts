import { describe, expect, it } from 'vitest';
import { decideIncident, decideMarac } from './decide.js';
import { loadArea } from './loadArea.js';
import { MemoryHistory } from './MemoryHistory.js';
import { SERVICE_ORDER } from './recipientServices.js';
import { EMPTY_PAYLOAD, minimisedPayload, PAYLOAD_POLICY } from './minimisedPayload.js';
import { child, incident, listing } from './testing/fixtures.js';

const trafford = loadArea('trafford');
const everything = incident({
  crimeRecorded: true,
  summary: 'free text from the officer',
  riskFactors: ['MENTAL_HEALTH'],
  victim: {
    ...incident().victim,
    pregnant: true,
    openToAdultSocialCare: true,
    openToAdultService: 'tr-ah-cmht',
  },
  children: [
    child({
      dateOfBirth: '2009-06-01',
      gpPracticeCode: 'P91001',
      involvement: 'WITNESS',
      education: { setting: 'SCHOOL', schoolUrn: '106320' },
    }),
  ],
});

describe('the minimised payload each service may see (README, src/reference/payloadPolicy.json)', () => {
  const d = decideIncident(trafford, everything, new MemoryHistory());
  const bySer = (service: string) => d.shares.find((s) => s.service === service)!;

  it('gives each share exactly the fields its service’s policy lists, the rest null', () => {
    expect(d.shares.map((s) => s.service)).toEqual([
      'CHILDRENS_SOCIAL_CARE',
      'SCHOOL_NURSING',
      'GP',
      'CHILDRENS_SOCIAL_CARE',
      'MIDWIFERY',
      'ADULT_SOCIAL_CARE',
      'ADULT_HEALTH',
    ]);
    for (const share of d.shares) {
      const allowed = PAYLOAD_POLICY[share.service]!;
      for (const [field, value] of Object.entries(share.payload))
        if (!allowed.includes(field)) expect(value, `${share.service} ${field}`).toBeNull();
      expect(Object.keys(share.payload).sort()).toEqual(Object.keys(EMPTY_PAYLOAD).sort());
    }
  });

  it('the officer’s free text goes to the social care teams only', () => {
    expect(bySer('CHILDRENS_SOCIAL_CARE').payload.summary).toBe('free text from the officer');
    expect(bySer('ADULT_SOCIAL_CARE').payload.summary).toBe('free text from the officer');
    for (const service of ['SCHOOL_NURSING', 'GP', 'MIDWIFERY', 'ADULT_HEALTH'])
      expect(bySer(service).payload.summary).toBeNull();
  });

  it('the GP sees the young person and their practice, not the household’s address or the perpetrator', () => {
    const gp = bySer('GP').payload;
    expect(gp.subjectDateOfBirth).toBe('2009-06-01');
    expect(gp.gpPracticeCode).toBe('P91001');
    expect(gp.postcodeDistrict).toBeNull();
    expect(gp.perpetratorFamilyName).toBeNull();
    expect(gp.victimGivenName).toBeNull();
  });

  it('the unborn child’s share names no given name; the adult health team learns nothing of the children', () => {
    const unborn = d.shares.find((s) => s.subjectPersonId === 'V1:unborn' && s.service === 'MIDWIFERY')!;
    expect(unborn.payload.subjectGivenName).toBeNull();
    expect(unborn.payload.victimPregnant).toBe(true);
    const ah = bySer('ADULT_HEALTH').payload;
    expect(ah.subjectFamilyName).toBe('Victim');
    expect([ah.schoolUrn, ah.involvement, ah.educationSetting]).toEqual([null, null, null]);
  });

  it('records the data categories shared, for the audit record', () => {
    expect(bySer('GP').dataCategories).toEqual(['health', 'identity', 'incident', 'risk assessment']);
    expect(bySer('CHILDRENS_SOCIAL_CARE').dataCategories).toContain('incident narrative');
  });

  it('a MARAC share carries the case reference and meeting date', () => {
    const m = decideMarac(trafford, listing(), new MemoryHistory());
    expect(m.shares[0]!.payload).toMatchObject({ maracCaseRef: 'MARAC-1', meetingDate: '2026-03-26' });
  });

  it('names every recipient service and the triage team’s, and no other: a service added to the enum needs its column', () => {
    expect(Object.keys(PAYLOAD_POLICY).sort()).toEqual([...SERVICE_ORDER, 'SAFEGUARDING_FAMILIES'].sort());
  });

  it('a service the policy does not name sees nothing', () => {
    expect(minimisedPayload('NO_SUCH_SERVICE', { ...EMPTY_PAYLOAD, summary: 'x' }, PAYLOAD_POLICY)).toEqual({
      payload: EMPTY_PAYLOAD,
      dataCategories: [],
    });
  });

  it('a triage item carries what the triage team needs to assign it: the subject, the event, the consent position', () => {
    const t = decideIncident(
      trafford,
      incident({
        crimeRecorded: true,
        summary: 'free text from the officer',
        children: [child({ dateOfBirth: '2009-06-01', gpPracticeCode: null, involvement: 'WITNESS' })],
      }),
      new MemoryHistory(),
    ).triage.find((i) => i.route === 'GP')!;
    expect(t.payload).toMatchObject({
      subjectGivenName: 'Test',
      subjectDateOfBirth: '2009-06-01',
      involvement: 'WITNESS',
      summary: 'free text from the officer',
    });
    expect(t.dataCategories).toContain('identity');
    expect(t.consent.status).toBe('NOT_RECORDED');
    expect(t.lawfulBasis).toBe(trafford.ruleset.lawfulBasis);
    // Assigned to a GP team, the notification is minimised again to what a GP may see: no narrative.
    expect(minimisedPayload('GP', t.payload, PAYLOAD_POLICY).payload.summary).toBeNull();
  });
});
