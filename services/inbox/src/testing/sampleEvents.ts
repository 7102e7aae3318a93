import type { ShareNotification, TriageRequired } from '@sharehub/schemas';

const RULESET = { id: 'trafford', version: '2026.11.2', hash: 'a'.repeat(64) };
const PAYLOAD = {
  subjectGivenName: 'Jamie',
  subjectFamilyName: 'Example',
  subjectDateOfBirth: '2019-10-01',
  incidentRef: 'GMP-2026-000123',
  forceCode: 'GMP',
  incidentDate: '2026-03-14',
  dashRisk: 'MEDIUM' as const,
  riskFactors: null,
  crimeRecorded: true,
  involvement: 'WITNESS' as const,
  educationSetting: 'PRE_SCHOOL' as const,
  schoolUrn: null,
  gpPracticeCode: 'P91001',
  postcodeDistrict: 'M33',
  victimGivenName: 'Alex',
  victimFamilyName: 'Example',
  perpetratorGivenName: null,
  perpetratorFamilyName: null,
  victimPregnant: false,
  maracCaseRef: null,
  meetingDate: null,
  summary: 'free text from the officer',
};

/** A ShareNotification for tests, with the fields a test cares about overridden. */
export function sampleNotification(over: Partial<ShareNotification> = {}): ShareNotification {
  return {
    notificationId: 'n-1',
    area: 'trafford',
    source: { type: 'INCIDENT', eventId: 'e-1', ref: 'GMP-2026-000123' },
    recipient: { service: 'HEALTH_VISITING', teamId: 'tr-hv-central' },
    subjectPersonId: 'P-C-1',
    shareKind: 'NOTIFICATION',
    dueBy: '2026-03-20T23:59:59.000Z',
    flags: [],
    consent: { status: 'NOT_RECORDED', reason: null, basis: 'Children Act 2004 s.11' },
    lawfulBasis: 'UK GDPR Art. 6(1)(e) with Art. 9(2)(g); DPA 2018 Sch. 1 Pt. 2 para. 18',
    rationale: [{ ruleId: 'T1', text: 'A child resides and a crime is recorded', citation: 'Trafford 3.1' }],
    ruleset: RULESET,
    isRepeatMarac: false,
    payload: { ...PAYLOAD, summary: null, gpPracticeCode: null },
    directory: { id: 'trafford', version: '2026.1', hash: 'b'.repeat(64) },
    decisionId: 'd-1',
    householdKey: 'hh-1',
    ...over,
  };
}

/** A TriageRequired for tests (a child of 16 with no GP practice, by default). */
export function sampleTriageItem(over: Partial<TriageRequired> = {}): TriageRequired {
  return {
    triageId: 't-1',
    area: 'trafford',
    source: { type: 'INCIDENT', eventId: 'e-1', ref: 'GMP-2026-000123' },
    subjectPersonId: 'P-C-2',
    route: 'GP',
    reason: 'a child of 16 with no gpPracticeCode',
    ruleset: RULESET,
    dueBy: '2026-03-20T23:59:59.000Z',
    shareKind: 'NOTIFICATION',
    consent: { status: 'NOT_RECORDED', reason: null, basis: 'Children Act 2004 s.11' },
    lawfulBasis: 'UK GDPR Art. 6(1)(e) with Art. 9(2)(g); DPA 2018 Sch. 1 Pt. 2 para. 18',
    rationale: [{ ruleId: 'T1', text: 'A child resides and a crime is recorded', citation: 'Trafford 3.1' }],
    isRepeatMarac: false,
    payload: { ...PAYLOAD, subjectDateOfBirth: '2010-01-01', gpPracticeCode: null },
    ...over,
  };
}
