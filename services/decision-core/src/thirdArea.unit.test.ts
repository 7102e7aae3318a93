import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decideIncident } from './decide.js';
import { createAreaRegistry, loadArea } from './loadArea.js';
import { MemoryHistory } from './MemoryHistory.js';
import { child, incident } from './testing/fixtures.js';

// A third area defined only by data in test-fixtures/: no code knows "testshire".
const dirs = {
  rulesetFile: fileURLToPath(new URL('../test-fixtures/areas/testshire/ruleset.json', import.meta.url)),
  directoryFile: fileURLToPath(new URL('../test-fixtures/areas/testshire/directory.json', import.meta.url)),
};

describe('a third area, added by data alone', () => {
  const ctx = createAreaRegistry(dirs)('testshire');

  it('decides with its own rules, kinds, windows and routes', () => {
    const high = decideIncident(ctx, incident({ area: 'testshire', dashRisk: 'HIGH' }), new MemoryHistory());
    expect(high.rulesFired).toEqual(['X1']);
    expect(high.shares.map((s) => `${s.service}:${s.teamId}:${s.shareKind}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:ts-csc:REFERRAL',
    ]);
    const stalking = decideIncident(
      ctx,
      incident({
        area: 'testshire',
        riskFactors: ['STALKING'],
        children: [child({ residesAtLocation: false })],
      }),
      new MemoryHistory(),
    );
    expect(stalking.rulesFired).toEqual(['X2']);
    expect(stalking.shareKind).toBe('NOTIFICATION');
  });

  it('uses its own six-month history window', () => {
    const h = new MemoryHistory();
    h.addIncident({
      eventId: 'old',
      forceCode: 'GMP',
      incidentRef: 'OLD',
      householdKey: 'HH1',
      occurredAt: '2025-08-01T10:00:00Z',
      shared: false,
    });
    expect(decideIncident(ctx, incident({ area: 'testshire' }), h).decision).toBe('NOT_SHARED');
    h.addIncident({
      eventId: 'recent',
      forceCode: 'GMP',
      incidentRef: 'RECENT',
      householdKey: 'HH1',
      occurredAt: '2026-01-01T10:00:00Z',
      shared: false,
    });
    expect(decideIncident(ctx, incident({ area: 'testshire' }), h).rulesFired).toEqual(['X3']);
  });

  it('names its ruleset version and hash, which change with its data', () => {
    expect(ctx.rulesetRef.id).toBe('testshire');
    expect(ctx.rulesetRef.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(ctx.rulesetRef.hash).not.toBe(loadArea('trafford').rulesetRef.hash);
  });

  it('refuses an unknown area clearly', () => {
    expect(() => loadArea('atlantis')).toThrow(expect.objectContaining({ code: 'UNKNOWN_AREA' }) as Error);
  });
});
