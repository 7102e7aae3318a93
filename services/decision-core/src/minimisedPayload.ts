import type { MinimisedPayload } from '@sharehub/schemas';
import type { PayloadPolicy } from './model.js';
import policy from './reference/payloadPolicy.json' with { type: 'json' };

const { $comment: _comment, ...fields } = policy;
/** What each recipient service may see (src/reference/payloadPolicy.json, documented in the package README). */
export const PAYLOAD_POLICY: PayloadPolicy = Object.freeze(
  Object.fromEntries(Object.entries(fields).map(([service, list]) => [service, Object.freeze([...list])])),
);

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

interface CompiledService {
  readonly fields: readonly string[];
  /** Data categories by the bit mask of the fields that held a value. */
  readonly categories: Map<number, readonly string[]>;
}
const compiled = new WeakMap<PayloadPolicy, Map<string, CompiledService>>();

function compiledFor(policy: PayloadPolicy, service: string): CompiledService {
  let byService = compiled.get(policy);
  if (!byService) compiled.set(policy, (byService = new Map<string, CompiledService>()));
  let c = byService.get(service);
  if (!c) {
    const fields = (policy[service] ?? []).filter((f) => f in EMPTY);
    byService.set(service, (c = { fields, categories: new Map() }));
  }
  return c;
}

/**
 * What `service` may see of an event about one subject (the payload policy): the subject's fields over the event's,
 * every field the policy does not list null; and the data categories the payload holds, for the audit record.
 */
export function minimisedPayloadOf(
  service: string,
  eventPayload: Partial<MinimisedPayload>,
  subjectPayload: Partial<MinimisedPayload> | undefined,
  policy: PayloadPolicy,
): { payload: MinimisedPayload; dataCategories: readonly string[] } {
  const { fields, categories } = compiledFor(policy, service);
  const payload: Record<string, unknown> = { ...EMPTY };
  const base = eventPayload as Record<string, unknown>;
  const own = subjectPayload as Record<string, unknown> | undefined;
  let mask = 0;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    let value = own?.[field];
    if (value === undefined) value = base[field];
    if (value !== null && value !== undefined) {
      payload[field] = value;
      mask |= 1 << i;
    }
  }
  let dataCategories = categories.get(mask);
  if (!dataCategories) {
    const held = fields.filter((_, i) => (mask & (1 << i)) !== 0).map((f) => CATEGORY[f] ?? f);
    dataCategories = Object.freeze([...new Set(held)].sort());
    categories.set(mask, dataCategories);
  }
  return { payload: payload as unknown as MinimisedPayload, dataCategories };
}

/** Keeps only what `service` may see of the full payload (the payload policy); the rest is null. */
export function minimisedPayload(
  service: string,
  full: MinimisedPayload,
  policy: PayloadPolicy,
): { payload: MinimisedPayload; dataCategories: readonly string[] } {
  return minimisedPayloadOf(service, full, undefined, policy);
}
/** A payload with every field null (what a service sees of fields its policy does not list). */
export const EMPTY_PAYLOAD: MinimisedPayload = Object.freeze({ ...EMPTY });
