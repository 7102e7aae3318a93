import { seededRandom } from '@sharehub/test-support';
import { createHash } from 'node:crypto';
import type {
  CarePlanIssued,
  Child,
  ConsentRecorded,
  IncidentRecorded,
  MaracListed,
} from '@sharehub/schemas';

/** A UUID (version 8, name-based on SHA-256) for a bench event's name, so a seed reproduces the same ids. */
export function benchEventId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const AREAS = {
  trafford: {
    force: 'GMP',
    postcodes: ['M33 7XX', 'M16 0AB', 'M41 5QQ', 'WA14 1AA', 'WA15 8ZZ', 'M32 9AA'],
    urns: [
      '106310',
      '106311',
      '106312',
      '106320',
      '106321',
      '106330',
      '106331',
      '106390',
      '105510',
      '111820',
    ],
    gps: ['P91001', 'P91002', 'P91003'],
  },
  kent: {
    force: 'KNT',
    postcodes: ['ME14 2AB', 'ME15 6XX', 'CT1 1AA', 'CT2 7NZ'],
    urns: ['118800', '118900'],
    gps: [] as string[],
  },
} as const;
const SETTINGS = [
  'PRE_SCHOOL',
  'SCHOOL',
  'SCHOOL',
  'SCHOOL',
  'LEFT_SCHOOL',
  'HOME_EDUCATED',
  'NOT_IN_EDUCATION',
  'UNKNOWN',
] as const;

/** One event of the mix, with the topic it belongs on. */
export type MixEvent =
  | { readonly type: 'IncidentRecorded'; readonly event: IncidentRecorded }
  | { readonly type: 'CarePlanIssued'; readonly event: CarePlanIssued }
  | { readonly type: 'MaracListed'; readonly event: MaracListed }
  | { readonly type: 'ConsentRecorded'; readonly event: ConsentRecorded };

/**
 * A realistic synthetic mix: incidents (85%) in trafford and kent with households that see repeat incidents,
 * children of every age and setting in the reference directories, police care plans (7%), MARAC listings (4%)
 * and consent records (4%). Names are synthetic.
 */
export function generateMix(count: number, seed: number, runTag: string): MixEvent[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const households = Math.max(1, Math.floor(count / 3));
  const base = Date.parse('2026-01-05T18:00:00Z');
  const out: MixEvent[] = [];
  for (let n = 0; n < count; n++) {
    const areaName = rand() < 0.7 ? 'trafford' : 'kent';
    const area = AREAS[areaName];
    const hh = Math.floor(rand() * households);
    const at = base + n * 60_000 * 7;
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    const children: Child[] = Array.from({ length: Math.floor(rand() * 4) }, (_, c) => {
      const ageDays = Math.floor(rand() * 18.5 * 365);
      const setting = pick(SETTINGS);
      return {
        personId: `${runTag}-C-${hh}-${c}`,
        givenName: 'Sam',
        familyName: 'Synthetic',
        dateOfBirth: rand() < 0.04 ? null : iso(at - ageDays * 86_400_000).slice(0, 10),
        residesAtLocation: rand() < 0.85,
        presentAtIncident: rand() < 0.7,
        involvement: pick(['NONE', 'WITNESS', 'WITNESS', 'VICTIM', 'PERPETRATOR'] as const),
        calledPolice: rand() < 0.04,
        education: { setting, schoolUrn: pick(area.urns), previousSchoolUrn: pick(area.urns) },
        gpPracticeCode: area.gps.length && rand() < 0.8 ? pick(area.gps) : null,
        childProtectionPlan: rand() < 0.05,
        openToChildrensServices: rand() < 0.06,
        lookedAfter: rand() < 0.02,
        subjectOfCareProceedings: rand() < 0.02,
      };
    });
    const victim = {
      personId: `${runTag}-V-${hh}`,
      givenName: 'Alex',
      familyName: 'Synthetic',
      dateOfBirth: '1992-04-04',
      pregnant: rand() < 0.07,
      openToAdultSocialCare: rand() < 0.08,
      openToAdultService: rand() < 0.04 ? 'tr-ah-cmht' : null,
    };
    const incident: IncidentRecorded = {
      eventId: benchEventId(`${runTag}-E-${n}`),
      incidentRef: `${runTag}-${n}`,
      forceCode: area.force,
      area: areaName,
      occurredAt: iso(at),
      recordedAt: iso(at + 40 * 60_000),
      location: { householdKey: `${runTag}-HH-${hh}`, postcode: pick(area.postcodes), uprn: null },
      crimeRecorded: rand() < 0.4,
      dashRisk: pick(['STANDARD', 'STANDARD', 'MEDIUM', 'MEDIUM', 'HIGH'] as const),
      victim,
      perpetrator: {
        personId: `${runTag}-P-${hh}`,
        givenName: 'Jo',
        familyName: 'Synthetic',
        dateOfBirth: null,
        onLicenceOrCommunityOrder: rand() < 0.05,
      },
      children,
      childAbuseMarkerOnAddress: rand() < 0.03,
      deemedSerious: rand() < 0.03,
      previousShareRef: null,
      parentFledLeavingChildWithPerpetrator: rand() < 0.02,
      historicAbuseDisclosed: rand() < 0.05,
      riskFactors:
        rand() < 0.3
          ? [
              pick([
                'MENTAL_HEALTH',
                'SUBSTANCE_MISUSE',
                'CHILD_CONTACT_ISSUES',
                'SEPARATION',
                'STALKING',
              ] as const),
            ]
          : [],
      summary: 'Synthetic narrative for the benchmark.',
      officerCollarNumber: null,
    };
    const r = rand();
    if (r < 0.85) out.push({ type: 'IncidentRecorded', event: incident });
    else if (r < 0.92) {
      const { officerCollarNumber: _v2, ...inner } = incident;
      out.push({
        type: 'CarePlanIssued',
        event: {
          eventId: benchEventId(`${runTag}-CP-${n}`),
          carePlanRef: `${runTag}-CP-${n}`,
          area: areaName,
          issuedAt: incident.recordedAt,
          issuedBy: area.force,
          criteria: [areaName === 'kent' ? 'K1' : 'T1'],
          incident: inner,
        },
      });
    } else if (r < 0.96) {
      out.push({
        type: 'MaracListed',
        event: {
          eventId: benchEventId(`${runTag}-M-${n}`),
          maracCaseRef: `${runTag}-MC-${n}`,
          area: areaName,
          listedAt: incident.recordedAt,
          meetingDate: iso(at + 20 * 86_400_000).slice(0, 10),
          referralReason: pick(['VISIBLE_HIGH_RISK', 'ESCALATION', 'REPEAT_INCIDENT'] as const),
          referringAgency: area.force,
          victim,
          perpetrator: incident.perpetrator,
          children,
          location: incident.location,
        },
      });
    } else {
      out.push({
        type: 'ConsentRecorded',
        event: {
          eventId: benchEventId(`${runTag}-K-${n}`),
          area: areaName,
          subjectPersonId: victim.personId,
          scope: null,
          status: pick(['GIVEN', 'REFUSED', 'NOT_SOUGHT'] as const),
          reason: 'Seeking consent would increase the risk',
          recordedAt: incident.recordedAt,
          recordedBy: area.force,
        },
      });
    }
  }
  return out;
}
