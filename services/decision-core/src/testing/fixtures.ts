import type { Child, ConsentRecorded, IncidentBody, MaracListed } from '../model.js';

/** A child entry for tests: resident, not involved, pre-school, with every flag off unless overridden. */
export function child(
  overrides: Omit<Partial<Child>, 'education'> & { education?: Partial<Child['education']> } = {},
): Child {
  const { education, ...rest } = overrides;
  return {
    personId: 'C1',
    givenName: 'Test',
    familyName: 'Child',
    dateOfBirth: '2022-06-01',
    residesAtLocation: true,
    presentAtIncident: true,
    involvement: 'NONE',
    calledPolice: false,
    education: { setting: 'PRE_SCHOOL', schoolUrn: null, previousSchoolUrn: null, ...education },
    gpPracticeCode: null,
    childProtectionPlan: false,
    openToChildrensServices: false,
    lookedAfter: false,
    subjectOfCareProceedings: false,
    ...rest,
  };
}

/** An incident for tests that fires no rule of either area until overridden (no crime, STANDARD risk, one resident child). */
export function incident(overrides: Partial<IncidentBody> = {}): IncidentBody {
  return {
    eventId: 'E1',
    incidentRef: 'INC-1',
    forceCode: 'GMP',
    area: 'trafford',
    occurredAt: '2026-03-10T20:00:00Z',
    recordedAt: '2026-03-10T21:00:00Z',
    location: { householdKey: 'HH1', postcode: 'M33 7XX', uprn: null },
    crimeRecorded: false,
    dashRisk: 'STANDARD',
    victim: {
      personId: 'V1',
      givenName: 'Test',
      familyName: 'Victim',
      dateOfBirth: '1990-01-01',
      pregnant: false,
      openToAdultSocialCare: false,
      openToAdultService: null,
    },
    perpetrator: {
      personId: 'P1',
      givenName: 'Test',
      familyName: 'Perp',
      dateOfBirth: null,
      onLicenceOrCommunityOrder: false,
    },
    children: [child()],
    childAbuseMarkerOnAddress: false,
    deemedSerious: false,
    previousShareRef: null,
    parentFledLeavingChildWithPerpetrator: false,
    historicAbuseDisclosed: false,
    riskFactors: [],
    summary: null,
    ...overrides,
  };
}

/** A kent incident for tests (Maidstone postcode, KNT force). */
export function kentIncident(overrides: Partial<IncidentBody> = {}): IncidentBody {
  return incident({
    area: 'kent',
    forceCode: 'KNT',
    location: { householdKey: 'HK1', postcode: 'ME14 2AB', uprn: null },
    ...overrides,
  });
}

/** A MARAC listing for tests. */
export function listing(overrides: Partial<MaracListed> = {}): MaracListed {
  return {
    eventId: 'M1',
    maracCaseRef: 'MARAC-1',
    area: 'trafford',
    listedAt: '2026-03-02T10:00:00Z',
    meetingDate: '2026-03-26',
    referralReason: 'VISIBLE_HIGH_RISK',
    referringAgency: 'GMP',
    victim: {
      personId: 'V1',
      givenName: 'Test',
      familyName: 'Victim',
      dateOfBirth: '1990-01-01',
      pregnant: false,
      openToAdultSocialCare: false,
      openToAdultService: null,
    },
    perpetrator: null,
    children: [child()],
    location: { householdKey: 'HH1', postcode: 'M33 7XX', uprn: null },
    ...overrides,
  };
}

/** A consent record for tests. */
export function consent(overrides: Partial<ConsentRecorded> = {}): ConsentRecorded {
  return {
    eventId: 'K1',
    area: 'trafford',
    subjectPersonId: 'C1',
    scope: null,
    status: 'GIVEN',
    reason: null,
    recordedAt: '2026-03-10T22:00:00Z',
    recordedBy: 'tr-csc-first-response',
    ...overrides,
  };
}
