import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@sharehub/kit/auth';

/** A person of the development provider: a login name (no personal data), and the hub claims their tokens carry. */
export interface DevAccount {
  /** The login name and the tokens' `sub`. */
  readonly username: string;
  /** What the login page lists them as. */
  readonly description: string;
  readonly org: string;
  readonly roles: readonly Role[];
  readonly areas: readonly string[];
}

const SERVICE_NAMES: Record<string, string> = {
  CHILDRENS_SOCIAL_CARE: "children's social care practitioner",
  ADULT_SOCIAL_CARE: 'adult social care practitioner',
  MIDWIFERY: 'safeguarding midwife',
  HEALTH_VISITING: 'health visitor',
  SCHOOL_NURSING: 'school nurse',
  ADULT_HEALTH: 'adult health practitioner',
  GP: 'GP safeguarding lead',
};

/**
 * The development provider's people, from the reference area directories (`infra/directory/AREA.json`): one
 * recipient per team (login = the team id, e.g. `tr-hv-central`, a health visitor of Trafford's central health
 * visiting team), the area's Safeguarding Families triage team (`tr-safeguarding-families`), an IG auditor
 * (`trafford-ig`) and an operator (`trafford-operator`, role admin) per area.
 */
export function devAccounts(directoryDir: string): DevAccount[] {
  const accounts: DevAccount[] = [];
  for (const file of readdirSync(directoryDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const area = file.replace(/\.json$/, '');
    const directory = JSON.parse(readFileSync(join(directoryDir, file), 'utf8')) as {
      teams: Array<{ teamId: string; service: string }>;
    };
    const prefix = directory.teams[0]?.teamId.split('-')[0] ?? area;
    for (const team of directory.teams)
      accounts.push({
        username: team.teamId,
        description: `${SERVICE_NAMES[team.service] ?? team.service}, ${team.teamId}`,
        org: team.teamId,
        roles: ['recipient'],
        areas: [area],
      });
    accounts.push(
      {
        username: `${prefix}-safeguarding-families`,
        description: `Safeguarding Families (triage), ${area}`,
        org: `${prefix}-safeguarding-families`,
        roles: ['recipient'],
        areas: [area],
      },
      {
        username: `${area}-ig`,
        description: `information governance auditor, ${area}`,
        org: `${area}-ig`,
        roles: ['auditor'],
        areas: [area],
      },
      {
        username: `${area}-operator`,
        description: `operator (dead letters), ${area}`,
        org: `${area}-safeguarding-families`,
        roles: ['admin'],
        areas: [area],
      },
    );
  }
  return accounts;
}
