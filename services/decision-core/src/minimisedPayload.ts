import type { MinimisedPayload } from '@sharehub/schemas';
import type { PayloadPolicy } from './areaContext.js';

const EMPTY: MinimisedPayload = {
  subjectGivenName: null,
  subjectFamilyName: null,
  subjectDateOfBirth: null,
  incidentRef: null,
  forceCode: null,
  incidentDate: null,
  dashRisk: null,
  riskFactors: null,
  crimeRecorded: null,
  involvement: null,
  educationSetting: null,
  schoolUrn: null,
  gpPracticeCode: null,
  postcodeDistrict: null,
  victimGivenName: null,
  victimFamilyName: null,
  perpetratorGivenName: null,
  perpetratorFamilyName: null,
  victimPregnant: null,
  maracCaseRef: null,
  meetingDate: null,
  summary: null,
};

/** Data categories, for the audit record, of the payload fields a service sees. */
const CATEGORY: Readonly<Record<string, string>> = {
  subjectGivenName: 'identity',
  subjectFamilyName: 'identity',
  subjectDateOfBirth: 'identity',
  victimGivenName: 'identity',
  victimFamilyName: 'identity',
  perpetratorGivenName: 'perpetrator identity',
  perpetratorFamilyName: 'perpetrator identity',
  incidentRef: 'incident',
  forceCode: 'incident',
  incidentDate: 'incident',
  crimeRecorded: 'incident',
  involvement: 'incident',
  summary: 'incident narrative',
  dashRisk: 'risk assessment',
  riskFactors: 'risk assessment',
  victimPregnant: 'health',
  gpPracticeCode: 'health',
  educationSetting: 'education',
  schoolUrn: 'education',
  postcodeDistrict: 'location',
  maracCaseRef: 'MARAC',
  meetingDate: 'MARAC',
};

/** Keeps only what `service` may see of the full payload (data/payload-policy.json); the rest is null. */
export function minimisedPayload(
  service: string,
  full: MinimisedPayload,
  policy: PayloadPolicy,
): { payload: MinimisedPayload; dataCategories: string[] } {
  const allowed = policy[service] ?? [];
  const payload: Record<string, unknown> = { ...EMPTY };
  const categories = new Set<string>();
  for (const field of allowed) {
    const value = (full as unknown as Record<string, unknown>)[field];
    if (value !== null && value !== undefined) {
      payload[field] = value;
      categories.add(CATEGORY[field] ?? field);
    }
  }
  return { payload: payload as unknown as MinimisedPayload, dataCategories: [...categories].sort() };
}

export { EMPTY as EMPTY_PAYLOAD };
