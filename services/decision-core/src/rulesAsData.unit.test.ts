import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decide } from './decide.js';
import { History } from './History.js';
import { loadAreaDirectory, loadRuleset } from './loadArea.js';
import type { IncidentBody, Ruleset } from './model.js';
import { PREDICATE_PARAMETERS, PREDICATES } from './predicates.js';
import { child, incident, kentIncident, listing } from './testing/fixtures.js';
import { validateDirectory, validateRuleset } from './validateArea.js';

const canonicalize = createRequire(import.meta.url)('canonicalize') as (v: unknown) => string;
const areas = {
  trafford: { ruleset: loadRuleset('trafford'), directory: loadAreaDirectory('trafford') },
  kent: { ruleset: loadRuleset('kent'), directory: loadAreaDirectory('kent') },
};
const olderChild = child({ dateOfBirth: '2015-01-01' });

/** Household history of `n` incidents in the 12 months before the fixtures' incident. */
function historyOf(n: number, householdKey: string, forceCode: string, shared = false): History {
  const h = new History();
  for (let i = 0; i < n; i++)
    h.recordIncident(
      incident({
        eventId: `H${i}`,
        forceCode,
        incidentRef: `OLD-${i}`,
        occurredAt: `2025-${String(6 + i).padStart(2, '0')}-01T10:00:00Z`,
        recordedAt: `2025-${String(6 + i).padStart(2, '0')}-01T11:00:00Z`,
        location: { householdKey, postcode: 'M33 7XX', uprn: null },
      }),
      shared,
    );
  return h;
}
const traffordHistory = (n: number, shared = false) => historyOf(n, 'HH1', 'GMP', shared);
const kentHistory = (n: number) => historyOf(n, 'HK1', 'KNT');

/** For each rule: an event where it alone fires, and a near miss where it does not (the boundary). */
type Case = [rule: string, fires: [IncidentBody, History], misses: [IncidentBody, History]];
const trafford: Case[] = [
  [
    'T1',
    [incident({ crimeRecorded: true }), new History()],
    [incident({ crimeRecorded: true, children: [child({ residesAtLocation: false })] }), new History()],
  ],
  ['T2', [incident(), traffordHistory(2)], [incident(), traffordHistory(1)]],
  [
    'T3',
    [incident({ victim: { ...incident().victim, pregnant: true } }), new History()],
    [incident({ riskFactors: ['PREGNANCY'] }), new History()],
  ],
  [
    'T4',
    [
      incident({ children: [child({ involvement: 'PERPETRATOR', residesAtLocation: false })] }),
      new History(),
    ],
    [incident({ children: [child({ involvement: 'WITNESS' })] }), new History()],
  ],
  [
    'T5',
    [incident({ children: [child({ calledPolice: true })] }), new History()],
    [incident({ children: [child({ calledPolice: true, dateOfBirth: '2007-01-01' })] }), new History()],
  ],
  ['T6', [incident({ childAbuseMarkerOnAddress: true }), new History()], [incident(), new History()]],
  ['T7', [incident({ deemedSerious: true }), new History()], [incident(), new History()]],
  ['T8', [incident(), traffordHistory(1, true)], [incident(), historyOf(1, 'ELSEWHERE', 'GMP', true)]],
  [
    'T9',
    [
      incident({ perpetrator: { ...incident().perpetrator!, onLicenceOrCommunityOrder: true } }),
      new History(),
    ],
    [incident({ perpetrator: null }), new History()],
  ],
];
const kent: Case[] = [
  [
    'K1',
    [kentIncident({ dashRisk: 'HIGH', children: [olderChild] }), kentHistory(1)],
    [
      kentIncident({
        dashRisk: 'HIGH',
        children: [child({ dateOfBirth: '2015-01-01', residesAtLocation: false })],
      }),
      kentHistory(1),
    ],
  ],
  [
    'K2',
    [
      kentIncident({
        children: [child({ dateOfBirth: '2015-01-01', involvement: 'VICTIM', residesAtLocation: false })],
      }),
      kentHistory(1),
    ],
    [
      kentIncident({
        children: [
          child({ dateOfBirth: '2015-01-01', involvement: 'PERPETRATOR', residesAtLocation: false }),
        ],
      }),
      kentHistory(1),
    ],
  ],
  [
    'K3',
    [kentIncident({ children: [child({ dateOfBirth: '2025-03-11' })] }), kentHistory(1)],
    [kentIncident({ children: [child({ dateOfBirth: '2025-03-10' })] }), kentHistory(1)],
  ],
  [
    'K4',
    [kentIncident({ dashRisk: 'MEDIUM', children: [olderChild] }), kentHistory(3)],
    [kentIncident({ dashRisk: 'MEDIUM', children: [olderChild] }), kentHistory(2)],
  ],
  [
    'K5',
    [kentIncident({ parentFledLeavingChildWithPerpetrator: true, children: [olderChild] }), kentHistory(1)],
    [kentIncident({ children: [olderChild] }), kentHistory(1)],
  ],
  [
    'K6',
    [kentIncident({ children: [child({ dateOfBirth: '2015-01-01', lookedAfter: true })] }), kentHistory(1)],
    [
      kentIncident({
        children: [child({ dateOfBirth: '2015-01-01', lookedAfter: true, residesAtLocation: false })],
      }),
      kentHistory(1),
    ],
  ],
  [
    'K7',
    [
      kentIncident({
        children: [
          child({ dateOfBirth: '2015-01-01', subjectOfCareProceedings: true, residesAtLocation: false }),
        ],
      }),
      kentHistory(1),
    ],
    [
      kentIncident({ children: [child({ dateOfBirth: '2007-01-01', childProtectionPlan: true })] }),
      kentHistory(1),
    ],
  ],
  [
    'K8',
    [kentIncident({ historicAbuseDisclosed: true, children: [olderChild] }), new History()],
    [kentIncident({ historicAbuseDisclosed: true, children: [olderChild] }), kentHistory(1)],
  ],
  [
    'K9',
    [kentIncident({ riskFactors: ['CHILD_CONTACT_ISSUES'], children: [olderChild] }), kentHistory(1)],
    [kentIncident({ riskFactors: ['SEPARATION'], children: [olderChild] }), kentHistory(1)],
  ],
  [
    'K10',
    [
      kentIncident({
        dashRisk: 'MEDIUM',
        children: [child({ dateOfBirth: '2015-01-01', involvement: 'WITNESS', residesAtLocation: false })],
      }),
      kentHistory(1),
    ],
    [
      kentIncident({
        dashRisk: 'MEDIUM',
        children: [child({ dateOfBirth: '2015-01-01', residesAtLocation: false })],
      }),
      kentHistory(1),
    ],
  ],
  [
    'K11',
    [
      kentIncident({ dashRisk: 'MEDIUM', riskFactors: ['SUBSTANCE_MISUSE'], children: [olderChild] }),
      kentHistory(1),
    ],
    [
      kentIncident({
        dashRisk: 'MEDIUM',
        riskFactors: ['SUBSTANCE_MISUSE'],
        children: [child({ dateOfBirth: '2015-01-01', residesAtLocation: false })],
      }),
      kentHistory(1),
    ],
  ],
];

// Removing a rule removes what hangs on it too (kent's K3 health route), or the ruleset would be refused.
const without = (ruleset: Ruleset, id: string): Ruleset => ({
  ...ruleset,
  rules: ruleset.rules.filter((r) => r.id !== id),
  routes:
    ruleset.routes.health.onRule === id
      ? { ...ruleset.routes, health: { mode: 'NONE', due: ruleset.routes.health.due } }
      : ruleset.routes,
});

describe.each([
  ['trafford', trafford],
  ['kent', kent],
] as const)('%s rules are data: each one matters (docs/domain/sharing-rules.md)', (area, cases) => {
  const { ruleset, directory } = areas[area];

  it('has a witness for every rule of the ruleset, in ruleset order', () => {
    expect(cases.map(([id]) => id)).toEqual(ruleset.rules.map((r) => r.id));
  });

  it.each(cases)(
    '%s fires alone on its witness, not on its near miss',
    (id, [event, history], [miss, missHistory]) => {
      const d = decide(event, history, ruleset, directory);
      expect(d.rulesFired).toEqual([id]);
      expect(d.rationale).toEqual([
        {
          ruleId: id,
          text: ruleset.rules.find((r) => r.id === id)!.rationale,
          citation: ruleset.rules.find((r) => r.id === id)!.citation,
        },
      ]);
      expect(d.shares.every((s) => s.rationale.length === 1 && s.rationale[0]!.ruleId === id)).toBe(true);
      const m = decide(miss, missHistory, ruleset, directory);
      expect(m.rulesEvaluated.find((e) => e.ruleId === id)).toMatchObject({ fired: false });
      expect(m.rulesEvaluated.find((e) => e.ruleId === id)!.reason.length).toBeGreaterThan(0);
    },
  );

  it.each(cases)('without %s in the data, its witness is not shared', (id, [event, history]) => {
    const d = decide(event, history, without(ruleset, id), directory);
    expect(d.decision).toBe('NOT_SHARED');
    expect(d.rulesEvaluated.map((e) => e.ruleId)).not.toContain(id);
    expect(d.ruleset.hash).not.toBe(decide(event, history, ruleset, directory).ruleset.hash);
  });

  it('every rule carries a kind, a rationale and a citation of its protocol paragraph', () => {
    for (const rule of ruleset.rules) {
      expect(['REFERRAL', 'NOTIFICATION']).toContain(rule.kind);
      expect(rule.rationale.length).toBeGreaterThan(10);
      expect(rule.citation).toMatch(
        area === 'trafford'
          ? /^Trafford joint protocol/
          : /^Kent and Medway domestic abuse procedure, [78]\.1/,
      );
    }
    expect(ruleset.marac.citation).toBeTruthy();
  });
});

describe('rules read their parameters from the data', () => {
  const { ruleset, directory } = areas.trafford;
  it('T2 with min 3 in the data needs a fourth incident', () => {
    const stricter: Ruleset = {
      ...ruleset,
      rules: ruleset.rules.map((r) => (r.id === 'T2' ? { ...r, params: { min: 3 } } : r)),
    };
    expect(decide(incident(), traffordHistory(2), stricter, directory).decision).toBe('NOT_SHARED');
    expect(decide(incident(), traffordHistory(3), stricter, directory).rulesFired).toEqual(['T2']);
  });

  it('the history window is a ruleset setting', () => {
    const h = new History();
    h.recordIncident(incident({ eventId: 'x', incidentRef: 'X', occurredAt: '2025-11-01T10:00:00Z' }), true);
    expect(decide(incident(), h, ruleset, directory).rulesFired).toEqual(['T8']);
    expect(decide(incident(), h, { ...ruleset, historyWindowMonths: 3 }, directory).decision).toBe(
      'NOT_SHARED',
    );
  });

  it('kent’s kind per rule is data: K9 as a REFERRAL makes the share a referral', () => {
    const k = areas.kent;
    const d = decide(
      kentIncident({ riskFactors: ['CHILD_CONTACT_ISSUES'], children: [olderChild] }),
      kentHistory(1),
      {
        ...k.ruleset,
        rules: k.ruleset.rules.map((r) => (r.id === 'K9' ? { ...r, kind: 'REFERRAL' as const } : r)),
      },
      k.directory,
    );
    expect(d.shareKind).toBe('REFERRAL');
  });

  it('which routes exist is data: trafford without the GP route, kent with health routes on K1', () => {
    const noGp = { ...ruleset, routes: { ...ruleset.routes, gp: { ...ruleset.routes.gp, enabled: false } } };
    const sixteen = incident({
      crimeRecorded: true,
      children: [
        child({
          dateOfBirth: '2009-06-01',
          gpPracticeCode: 'P91001',
          education: { setting: 'SCHOOL', schoolUrn: '106321' },
        }),
      ],
    });
    expect(decide(sixteen, new History(), ruleset, directory).shares.map((s) => s.service)).toContain('GP');
    expect(decide(sixteen, new History(), noGp, directory).shares.map((s) => s.service)).not.toContain('GP');
  });
});

describe('ruleset and directory identity', () => {
  it('a ruleset’s hash is SHA-256 of its RFC 8785 canonical JSON, whatever the key order', () => {
    const { ruleset, directory } = areas.trafford;
    const d = decide(incident({ crimeRecorded: true }), new History(), ruleset, directory);
    const expected = createHash('sha256').update(canonicalize(ruleset)).digest('hex');
    expect(d.ruleset).toEqual({ id: 'trafford', version: ruleset.version, hash: expected });
    const reordered = JSON.parse(JSON.stringify(ruleset, Object.keys(ruleset).reverse())) as Ruleset;
    expect(
      decide(
        incident({ crimeRecorded: true }),
        new History(),
        { ...reordered, rules: ruleset.rules, routes: ruleset.routes, marac: ruleset.marac },
        directory,
      ).ruleset.hash,
    ).toBe(expected);
    expect(d.directory).toEqual({
      id: 'trafford',
      version: 'unversioned',
      hash: createHash('sha256').update(canonicalize(directory)).digest('hex'),
    });
  });

  it('a decision names the ruleset and directory it used, and a listing’s too', () => {
    const { ruleset, directory } = areas.kent;
    const d = decide(listing({ area: 'kent', children: [] }), new History(), ruleset, directory);
    expect(d.ruleset.id).toBe('kent');
    expect(d.directory.id).toBe('kent');
  });
});

describe('a ruleset is checked when it is loaded', () => {
  const base = areas.trafford.ruleset;
  it.each<[string, (r: Ruleset) => unknown, RegExp]>([
    [
      'an unknown predicate',
      (r) => ({ ...r, rules: [{ ...r.rules[0]!, predicate: 'moonIsFull' }] }),
      /unknown predicate moonIsFull/,
    ],
    [
      'a missing parameter',
      (r) => ({ ...r, rules: r.rules.map((x) => (x.id === 'T2' ? { ...x, params: {} } : x)) }),
      /parameter min/,
    ],
    [
      'a parameter of the wrong type',
      (r) => ({ ...r, rules: r.rules.map((x) => (x.id === 'T2' ? { ...x, params: { min: 'two' } } : x)) }),
      /parameter min/,
    ],
    [
      'a parameter the predicate does not take',
      (r) => ({ ...r, rules: r.rules.map((x) => (x.id === 'T1' ? { ...x, params: { min: 1 } } : x)) }),
      /takes no parameter min/,
    ],
    ['a rule with no citation', (r) => ({ ...r, rules: [{ ...r.rules[0]!, citation: '' }] }), /citation/],
    ['a rule id used twice', (r) => ({ ...r, rules: [r.rules[0]!, r.rules[0]!] }), /used twice/],
    ['a bad kind', (r) => ({ ...r, rules: [{ ...r.rules[0]!, kind: 'MAYBE' }] }), /kind/],
    [
      'a bad deadline policy',
      (r) => ({ ...r, routes: { ...r.routes, gp: { ...r.routes.gp, due: { days: 5 } } } }),
      /routes\.gp\.due/,
    ],
    [
      'a health rule that is not a rule',
      (r) => ({
        ...r,
        routes: { ...r.routes, health: { mode: 'ON_RULE', onRule: 'K99', due: { workingDays: 5 } } },
      }),
      /onRule/,
    ],
  ])('refuses %s with RULESET_INVALID', (_name, change, message) => {
    expect(() => validateRuleset(change(base))).toThrow(message);
    expect(() => validateRuleset(change(base))).toThrow(
      expect.objectContaining({ code: 'RULESET_INVALID' }) as Error,
    );
  });

  it('declares the parameters of every predicate of the library', () => {
    expect(Object.keys(PREDICATE_PARAMETERS).sort()).toEqual(Object.keys(PREDICATES).sort());
  });
});

describe('decide is pure', () => {
  afterEach(() => vi.restoreAllMocks());
  it('reads no clock and no randomness, and refuses another area’s ruleset', () => {
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('the clock was read');
    });
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('randomness was used');
    });
    const { ruleset, directory } = areas.trafford;
    expect(decide(incident({ crimeRecorded: true }), new History(), ruleset, directory).decision).toBe(
      'SHARED',
    );
    expect(decide(listing(), new History(), ruleset, directory).decision).toBe('SHARED');
    expect(() => decide(kentIncident(), new History(), ruleset, directory)).toThrow(
      expect.objectContaining({ code: 'AREA_MISMATCH' }) as Error,
    );
  });

  it('takes consent records beside the history', () => {
    const { ruleset, directory } = areas.trafford;
    const d = decide(incident({ crimeRecorded: true }), new History(), ruleset, directory, [
      {
        eventId: 'c',
        area: 'trafford',
        subjectPersonId: 'C1',
        scope: null,
        status: 'GIVEN',
        reason: null,
        recordedAt: '2026-03-10T20:30:00Z',
        recordedBy: 'tr-csc-first-response',
      },
    ]);
    expect(d.shares.map((s) => s.consent.status)).toEqual(['GIVEN', 'GIVEN']);
    expect(d.historyEventIds).toEqual(['c']);
  });
});

describe('a directory is checked when it is loaded', () => {
  const base = areas.trafford.directory;
  it.each<[string, unknown, RegExp]>([
    [
      'no children’s services team',
      { ...base, teams: base.teams.filter((t) => t.service !== 'CHILDRENS_SOCIAL_CARE') },
      /CHILDRENS_SOCIAL_CARE/,
    ],
    ['a team listed twice', { ...base, teams: [...base.teams, base.teams[0]] }, /listed twice/],
    [
      'an unknown service',
      { ...base, teams: [...base.teams, { teamId: 'x', service: 'POLICE' }] },
      /unknown service POLICE/,
    ],
    ['no schools list', { ...base, schools: undefined }, /schools/],
  ])('refuses %s with DIRECTORY_INVALID', (_name, directory, message) => {
    expect(() => validateDirectory(directory)).toThrow(message);
    expect(() => validateDirectory(directory)).toThrow(
      expect.objectContaining({ code: 'DIRECTORY_INVALID' }) as Error,
    );
  });
});
