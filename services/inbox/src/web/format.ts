import { formatLondonTime } from '@sharehub/kit/web';

/** An instant as a practitioner reads it: Europe/London local time to the minute (docs/domain/deadlines.md). */
export const londonTime = (instant: string | null | undefined): string => formatLondonTime(instant);

const SERVICE_LABELS: Readonly<Record<string, string>> = {
  CHILDRENS_SOCIAL_CARE: "Children's social care",
  ADULT_SOCIAL_CARE: 'Adult social care',
  HEALTH_VISITING: 'Health visiting',
  SCHOOL_NURSING: 'School nursing',
  MIDWIFERY: 'Midwifery',
  GP: 'GP',
  ADULT_HEALTH: 'Adult health service',
  SAFEGUARDING_FAMILIES: 'Safeguarding Families',
};

/** A recipient service's name for people. */
export function serviceLabel(service: string): string {
  return SERVICE_LABELS[service] ?? service;
}

/** The labels of the minimised payload's fields, in the order a page lists them. */
export const PAYLOAD_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['subjectGivenName', 'Given name'],
  ['subjectFamilyName', 'Family name'],
  ['subjectDateOfBirth', 'Date of birth'],
  ['incidentRef', 'Incident reference'],
  ['forceCode', 'Police force'],
  ['incidentDate', 'Incident date'],
  ['dashRisk', 'DASH risk'],
  ['riskFactors', 'Risk factors'],
  ['crimeRecorded', 'Crime recorded'],
  ['involvement', "Child's involvement"],
  ['educationSetting', 'Education setting'],
  ['schoolUrn', 'School URN'],
  ['gpPracticeCode', 'GP practice'],
  ['postcodeDistrict', 'Postcode district'],
  ['victimGivenName', "Victim's given name"],
  ['victimFamilyName', "Victim's family name"],
  ['perpetratorGivenName', "Perpetrator's given name"],
  ['perpetratorFamilyName', "Perpetrator's family name"],
  ['victimPregnant', 'Victim pregnant'],
  ['maracCaseRef', 'MARAC case'],
  ['meetingDate', 'MARAC meeting date'],
  ['summary', "Officer's summary"],
];

/** A payload value for a page: lists joined, booleans as Yes/No. */
export function payloadValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  return String(value);
}
