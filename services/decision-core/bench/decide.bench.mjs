// Decisions per second on one core for a realistic mix: trafford and kent incidents with household history,
// police care plans and MARAC listings (with earlier listings and consent records). Run after `npm run build`.
// Usage: npm run bench -w @sharehub/decision-core [-- --seconds 5]
import { performance } from 'node:perf_hooks';
import { History, decide, loadRuleset, loadAreaDirectory } from '../dist/index.js';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 3;
const areas = {
  trafford: { ruleset: loadRuleset('trafford'), directory: loadAreaDirectory('trafford') },
  kent: { ruleset: loadRuleset('kent'), directory: loadAreaDirectory('kent') },
};

// A small deterministic generator (the benchmark must not depend on Math.random either).
let seed = 42;
const rand = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const BASE = Date.parse('2026-01-05T09:00:00Z');
const SETTINGS = ['PRE_SCHOOL', 'SCHOOL', 'LEFT_SCHOOL', 'HOME_EDUCATED', 'NOT_IN_EDUCATION', 'UNKNOWN'];
const URNS = { trafford: ['106310', '106320', '106390', '105510', '999999'], kent: ['118800', '118900'] };
const POSTCODES = { trafford: ['M33 7XX', 'M16 0AA', 'WA14 1AB'], kent: ['ME14 2AB', 'CT1 1AA'] };
const GPS = ['P91001', 'P91002', null];

function child(area, i, at) {
  const age = Math.floor(rand() * 18);
  const dob = iso(at - age * 365.25 * 86400000 - Math.floor(rand() * 300) * 86400000).slice(0, 10);
  return {
    personId: `C-${i}`,
    givenName: 'Child',
    familyName: 'Example',
    dateOfBirth: rand() < 0.05 ? null : dob,
    residesAtLocation: rand() < 0.85,
    presentAtIncident: true,
    involvement: pick(['NONE', 'NONE', 'WITNESS', 'WITNESS', 'VICTIM', 'PERPETRATOR']),
    calledPolice: rand() < 0.05,
    education: {
      setting: pick(SETTINGS),
      schoolUrn: pick(URNS[area]),
      previousSchoolUrn: pick(URNS[area]),
    },
    gpPracticeCode: pick(GPS),
    childProtectionPlan: rand() < 0.05,
    openToChildrensServices: rand() < 0.1,
    lookedAfter: rand() < 0.02,
    subjectOfCareProceedings: rand() < 0.02,
  };
}

function victim(i) {
  return {
    personId: `V-${i}`,
    givenName: 'Victim',
    familyName: 'Example',
    dateOfBirth: '1990-04-01',
    pregnant: rand() < 0.08,
    openToAdultSocialCare: rand() < 0.1,
    openToAdultService: rand() < 0.1 ? 'tr-ah-cmht' : null,
  };
}

function incident(n, area, household) {
  const at = BASE + n * 3_600_000;
  return {
    eventId: `E-${n}`,
    incidentRef: `INC-${n}`,
    forceCode: area === 'kent' ? 'KNT' : 'GMP',
    area,
    occurredAt: iso(at),
    recordedAt: iso(at + 5_400_000),
    location: { householdKey: `HH-${area}-${household}`, postcode: pick(POSTCODES[area]), uprn: null },
    crimeRecorded: rand() < 0.4,
    dashRisk: pick(['STANDARD', 'STANDARD', 'MEDIUM', 'HIGH']),
    victim: victim(household),
    perpetrator: {
      personId: `P-${household}`,
      givenName: 'Perp',
      familyName: 'Example',
      dateOfBirth: null,
      onLicenceOrCommunityOrder: rand() < 0.05,
    },
    children: Array.from({ length: Math.floor(rand() * 4) }, (_, k) => child(area, `${household}-${k}`, at)),
    childAbuseMarkerOnAddress: rand() < 0.03,
    deemedSerious: rand() < 0.03,
    previousShareRef: null,
    parentFledLeavingChildWithPerpetrator: rand() < 0.02,
    historicAbuseDisclosed: rand() < 0.1,
    riskFactors: rand() < 0.3 ? [pick(['MENTAL_HEALTH', 'CHILD_CONTACT_ISSUES', 'SEPARATION'])] : [],
    summary: 'narrative',
  };
}

// Build the mix: 2,000 households, 60% trafford; incidents (some with up to 4 earlier ones), care plans, listings.
const history = new History();
const mix = [];
for (let n = 0; n < 20_000; n++) {
  const area = rand() < 0.6 ? 'trafford' : 'kent';
  const household = Math.floor(rand() * 2_000);
  const kind = rand();
  let event;
  if (kind < 0.7) event = incident(n, area, household);
  else if (kind < 0.85) {
    const body = incident(n, area, household);
    event = {
      eventId: `CP-${n}`,
      carePlanRef: `CP-${n}`,
      area,
      issuedAt: body.recordedAt,
      issuedBy: 'GMP',
      criteria: area === 'kent' ? [pick(['K1', 'K3', 'K7', 'K10'])] : [pick(['T1', 'T3', 'T4'])],
      incident: body,
    };
  } else {
    const body = incident(n, area, household);
    event = {
      eventId: `M-${n}`,
      maracCaseRef: `MARAC-${household}`,
      area,
      listedAt: body.recordedAt,
      meetingDate: iso(Date.parse(body.recordedAt) + 20 * 86400000).slice(0, 10),
      referralReason: pick(['VISIBLE_HIGH_RISK', 'ESCALATION', 'REPEAT_INCIDENT']),
      referringAgency: 'POLICE',
      victim: body.victim,
      perpetrator: body.perpetrator,
      children: body.children,
      location: body.location,
    };
  }
  if (rand() < 0.05)
    history.recordConsent({
      eventId: `K-${n}`,
      area,
      subjectPersonId: `V-${household}`,
      scope: null,
      status: pick(['GIVEN', 'REFUSED', 'NOT_SOUGHT']),
      reason: 'seeking consent would increase the risk',
      recordedAt: iso(BASE + n * 3_600_000 - 1000),
      recordedBy: 'team',
    });
  mix.push(event);
}
// Warm-up pass builds the history the timed passes read (every household has earlier incidents and listings).
for (const event of mix) {
  const { ruleset, directory } = areas[event.area];
  history.record(event, decide(event, history, ruleset, directory));
}

let decisions = 0;
let shares = 0;
const start = performance.now();
const deadline = start + seconds * 1000;
while (performance.now() < deadline) {
  for (let i = 0; i < 1_000; i++) {
    const event = mix[decisions % mix.length];
    const { ruleset, directory } = areas[event.area];
    shares += decide(event, history, ruleset, directory).shares.length;
    decisions++;
  }
}
const elapsed = (performance.now() - start) / 1000;
const perSecond = Math.round(decisions / elapsed);
process.stdout.write(
  `${JSON.stringify({ decisions, seconds: Number(elapsed.toFixed(2)), decisionsPerSecond: perSecond, sharesPerDecision: Number((shares / decisions).toFixed(2)), target: 50000, met: perSecond >= 50000 })}\n`,
);
