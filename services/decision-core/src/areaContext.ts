import { canonicalHash } from '@sharehub/kit/json';
import {
  ENGLAND_AND_WALES,
  ENGLAND_AND_WALES_CHANGES,
  WorkingDayCalendar,
  type BankHolidayChanges,
} from './bankHolidays.js';
import { PAYLOAD_POLICY } from './minimisedPayload.js';
import type { AreaDirectory, PayloadPolicy, Ruleset, School, Team, VersionRef } from './model.js';
import { RulesetError, validateDirectory, validateRuleset } from './validateArea.js';

export { RulesetError };
export type { PayloadPolicy };

/** Everything about one area a decision needs, indexed once: ruleset, directory, their refs, the calendar. */
export interface AreaContext {
  readonly ruleset: Ruleset;
  readonly directory: AreaDirectory;
  readonly rulesetRef: VersionRef;
  readonly directoryRef: VersionRef;
  readonly calendar: WorkingDayCalendar;
  readonly payloadPolicy: PayloadPolicy;
  /** Rule ids in ruleset order (explain prints in this order). */
  readonly ruleOrder: ReadonlyMap<string, number>;
  firstTeam(service: string): Team | undefined;
  teamById(teamId: string): Team | undefined;
  teamForDistrict(service: string, district: string): Team | undefined;
  teamForSchool(urn: string): Team | undefined;
  teamForGpPractice(code: string): Team | undefined;
  school(urn: string): School | undefined;
}

/** SHA-256 (hex) of the RFC 8785 canonical JSON of a value: a ruleset's or directory's identity. */
export function hashCanonical(value: unknown): string {
  try {
    return canonicalHash(value);
  } catch (err) {
    throw new RulesetError(`a value with no canonical JSON form cannot be hashed: ${(err as Error).message}`);
  }
}

/**
 * Builds an area's context from its data, checked and indexed once (pure: the loaders read the files). The calendar
 * and payload policy default to England and Wales and the reviewed policy of src/reference/.
 */
export function createAreaContext(
  ruleset: Ruleset,
  directory: AreaDirectory,
  changes: BankHolidayChanges = ENGLAND_AND_WALES_CHANGES,
  payloadPolicy: PayloadPolicy = PAYLOAD_POLICY,
): AreaContext {
  validateRuleset(ruleset);
  validateDirectory(directory);
  const byId = new Map(directory.teams.map((t) => [t.teamId, t]));
  const byDistrict = new Map<string, Team>();
  const bySchool = new Map<string, Team>();
  const byGp = new Map<string, Team>();
  for (const t of directory.teams) {
    for (const d of t.postcodeDistricts ?? []) byDistrict.set(`${t.service}|${d}`, t);
    for (const u of t.schoolUrns ?? []) bySchool.set(u, t);
    for (const g of t.gpPracticeCodes ?? []) byGp.set(g, t);
  }
  const schools = new Map(directory.schools.map((s) => [s.urn, s]));
  return {
    ruleset,
    directory,
    rulesetRef: { id: ruleset.id, version: ruleset.version, hash: hashCanonical(ruleset) },
    directoryRef: {
      id: directory.area,
      version: directory.version ?? 'unversioned',
      hash: hashCanonical(directory),
    },
    calendar: changes === ENGLAND_AND_WALES_CHANGES ? ENGLAND_AND_WALES : new WorkingDayCalendar(changes),
    payloadPolicy,
    ruleOrder: new Map(ruleset.rules.map((r, i) => [r.id, i])),
    firstTeam: (service) => directory.teams.find((t) => t.service === service),
    teamById: (id) => byId.get(id),
    teamForDistrict: (service, district) => byDistrict.get(`${service}|${district}`),
    teamForSchool: (urn) => bySchool.get(urn),
    teamForGpPractice: (code) => byGp.get(code),
    school: (urn) => schools.get(urn),
  };
}
