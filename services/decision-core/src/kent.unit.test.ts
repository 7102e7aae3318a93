import { describe, expect, it } from 'vitest';
import { decideIncident } from './decide.js';
import { loadArea } from './loadArea.js';
import { MemoryHistory } from './MemoryHistory.js';
import { child, kentIncident } from './testing/fixtures.js';
import type { IncidentBody } from './model.js';

const ctx = loadArea('kent');
const decide = (i: IncidentBody, h = new MemoryHistory()) => decideIncident(ctx, i, h);
const withHistory = (n: number) => {
  const h = new MemoryHistory();
  for (let i = 0; i < n; i++)
    h.addIncident({
      eventId: `H${i}`,
      forceCode: 'KNT',
      incidentRef: `OLD-${i}`,
      householdKey: 'HK1',
      occurredAt: `2026-0${i + 1}-01T10:00:00Z`.replace('2026-04', '2025-12'),
      shared: false,
    });
  return h;
};

describe('kent thresholds (docs/domain/sharing-rules.md#kent-k1k11)', () => {
  it('shares nothing when no rule fires, evaluating K1..K11 in order', () => {
    const d = decide(kentIncident({ children: [child({ dateOfBirth: '2015-01-01' })] }), withHistory(1));
    expect(d.decision).toBe('NOT_SHARED');
    expect(d.rulesEvaluated.map((e) => e.ruleId)).toEqual([
      'K1',
      'K2',
      'K3',
      'K4',
      'K5',
      'K6',
      'K7',
      'K8',
      'K9',
      'K10',
      'K11',
    ]);
  });

  const older = [child({ dateOfBirth: '2015-01-01' })];
  it.each<[string, Partial<IncidentBody>, MemoryHistory | undefined, 'REFERRAL' | 'NOTIFICATION']>([
    ['K1', { dashRisk: 'HIGH', children: older }, withHistory(1), 'REFERRAL'],
    [
      'K2',
      { children: [child({ dateOfBirth: '2015-01-01', involvement: 'VICTIM', residesAtLocation: false })] },
      withHistory(1),
      'REFERRAL',
    ],
    ['K3', { children: [child({ dateOfBirth: '2025-06-01' })] }, withHistory(1), 'REFERRAL'],
    ['K4', { dashRisk: 'MEDIUM', children: older }, withHistory(3), 'REFERRAL'],
    ['K5', { parentFledLeavingChildWithPerpetrator: true, children: older }, withHistory(1), 'REFERRAL'],
    [
      'K6',
      { children: [child({ dateOfBirth: '2015-01-01', lookedAfter: true })] },
      withHistory(1),
      'REFERRAL',
    ],
    [
      'K7',
      { children: [child({ dateOfBirth: '2015-01-01', childProtectionPlan: true })] },
      withHistory(1),
      'NOTIFICATION',
    ],
    ['K8', { historicAbuseDisclosed: true, children: older }, undefined, 'NOTIFICATION'],
    ['K9', { riskFactors: ['CHILD_CONTACT_ISSUES'], children: older }, withHistory(1), 'NOTIFICATION'],
    [
      'K10',
      { children: [child({ dateOfBirth: '2015-01-01', involvement: 'WITNESS' })] },
      withHistory(1),
      'NOTIFICATION',
    ],
    ['K11', { riskFactors: ['MENTAL_HEALTH'], children: older }, withHistory(1), 'REFERRAL'],
  ])('%s fires alone, and the share to children’s services is a %s', (rule, overrides, history, kind) => {
    const d = decide(kentIncident(overrides), history);
    expect(d.rulesFired).toEqual([rule]);
    expect(d.shareKind).toBe(kind);
    expect(
      d.shares
        .filter((s) => s.service === 'CHILDRENS_SOCIAL_CARE')
        .map((s) => [s.teamId, s.shareKind, s.dueBy]),
    ).toEqual(
      d.shares
        .filter((s) => s.service === 'CHILDRENS_SOCIAL_CARE')
        .map(() => ['kt-css-front-door', kind, '2026-03-11T21:00:00Z']),
    );
  });

  it('K3 also fires for a pregnant victim, present or not', () => {
    expect(
      decide(
        kentIncident({ children: [], victim: { ...kentIncident().victim, pregnant: true } }),
        withHistory(1),
      ).rulesFired,
    ).toEqual(['K3']);
  });

  it('K4 needs three incidents in history, not two; K7 covers care proceedings and open cases', () => {
    expect(decide(kentIncident({ dashRisk: 'MEDIUM', children: older }), withHistory(2)).decision).toBe(
      'NOT_SHARED',
    );
    expect(
      decide(
        kentIncident({
          children: [
            child({ dateOfBirth: '2015-01-01', subjectOfCareProceedings: true, residesAtLocation: false }),
          ],
        }),
        withHistory(1),
      ).rulesFired,
    ).toEqual(['K7']);
    expect(
      decide(
        kentIncident({ children: [child({ dateOfBirth: '2015-01-01', openToChildrensServices: true })] }),
        withHistory(1),
      ).rulesFired,
    ).toEqual(['K7']);
  });

  it('K8 needs an empty history; K10 not at HIGH risk (K1 instead)', () => {
    expect(
      decide(kentIncident({ historicAbuseDisclosed: true, children: older }), withHistory(1)).decision,
    ).toBe('NOT_SHARED');
    expect(
      decide(
        kentIncident({
          dashRisk: 'HIGH',
          children: [child({ dateOfBirth: '2015-01-01', involvement: 'WITNESS' })],
        }),
        withHistory(1),
      ).rulesFired,
    ).toEqual(['K1']);
  });

  it('is a REFERRAL when any referral rule fired, even beside notification rules', () => {
    const d = decide(
      kentIncident({ dashRisk: 'HIGH', riskFactors: ['CHILD_CONTACT_ISSUES'], children: older }),
      withHistory(1),
    );
    expect(d.rulesFired).toEqual(['K1', 'K9']);
    expect(d.shareKind).toBe('REFERRAL');
  });

  it('under K3 only, health is told: health visiting for a child under 1, midwifery for the unborn (notifications, 5 working days)', () => {
    const d = decide(
      kentIncident({
        victim: { ...kentIncident().victim, pregnant: true },
        children: [
          child({ personId: 'BABY', dateOfBirth: '2025-06-01' }),
          child({ personId: 'OLDER', dateOfBirth: '2015-01-01' }),
        ],
      }),
      withHistory(1),
    );
    expect(d.shares.map((s) => `${s.service}:${s.teamId}:${s.subjectPersonId}:${s.shareKind}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:kt-css-front-door:BABY:REFERRAL',
      'HEALTH_VISITING:kt-hv-maidstone:BABY:NOTIFICATION',
      'CHILDRENS_SOCIAL_CARE:kt-css-front-door:OLDER:REFERRAL',
      'CHILDRENS_SOCIAL_CARE:kt-css-front-door:V1:unborn:REFERRAL',
      'MIDWIFERY:kt-mw-safeguarding:V1:unborn:NOTIFICATION',
    ]);
    expect(d.shares.find((s) => s.service === 'HEALTH_VISITING')!.dueBy).toBe('2026-03-17T23:59:59Z');
  });

  it('has no health route without K3 and no GP route at all; the adult routes apply', () => {
    const d = decide(
      kentIncident({
        dashRisk: 'HIGH',
        victim: { ...kentIncident().victim, openToAdultSocialCare: true },
        children: [
          child({
            dateOfBirth: '2009-06-01',
            gpPracticeCode: 'P91001',
            education: { setting: 'SCHOOL', schoolUrn: '118800' },
          }),
        ],
      }),
      withHistory(1),
    );
    expect(d.shares.map((s) => s.service)).toEqual(['CHILDRENS_SOCIAL_CARE', 'ADULT_SOCIAL_CARE']);
    expect(d.triage).toEqual([]);
  });
});
