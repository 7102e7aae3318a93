import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { History } from './History.js';
import { loadAreaDirectory, loadRuleset } from './loadArea.js';
import type { CarePlanIssued } from './model.js';
import { consent, incident, listing } from './testing/fixtures.js';

const ruleset = loadRuleset('trafford');
const directory = loadAreaDirectory('trafford');
const at = (eventId: string, incidentRef: string, occurredAt: string) =>
  incident({ eventId, incidentRef, occurredAt, recordedAt: occurredAt });
const carePlan = (eventId: string, inner: ReturnType<typeof incident>): CarePlanIssued => ({
  eventId,
  carePlanRef: `CP-${eventId}`,
  area: 'trafford',
  issuedAt: inner.recordedAt,
  issuedBy: 'GMP',
  criteria: ['T7'],
  incident: inner,
});

describe('History (docs/domain/facts-and-history.md)', () => {
  it('holds a household’s incidents in the 12 months before one, strictly inside the window, oldest first', () => {
    const h = new History();
    h.recordIncident(at('a', 'R-A', '2025-03-10T20:00:00Z'), false); // exactly a year before: out
    h.recordIncident(at('b', 'R-B', '2026-02-01T10:00:00Z'), false);
    h.recordIncident(at('c', 'R-C', '2025-06-01T10:00:00Z'), false);
    h.recordIncident(at('d', 'R-D', '2026-03-10T20:00:00Z'), false); // the same instant: not before it
    h.recordIncident(at('e', 'R-E', '2026-04-01T10:00:00Z'), false); // after it
    expect(h.householdHistory(incident()).map((i) => i.eventId)).toEqual(['c', 'b']);
  });

  it('the window follows London local time across DST: a year before 20:00 BST is 20:00 BST', () => {
    const h = new History();
    h.recordIncident(at('a', 'R-A', '2025-07-01T19:00:00Z'), false); // 20:00 BST, exactly a year before
    h.recordIncident(at('b', 'R-B', '2025-07-01T19:00:01Z'), false);
    const now = incident({ occurredAt: '2026-07-01T19:00:00Z', recordedAt: '2026-07-01T19:30:00Z' });
    expect(h.householdHistory(now).map((i) => i.eventId)).toEqual(['b']);
  });

  it('counts an incident once however often it arrives: same eventId, or same forceCode and incidentRef', () => {
    const h = new History();
    const one = at('a', 'R-A', '2026-01-01T10:00:00Z');
    h.recordIncident(one, false);
    h.recordIncident(one, false);
    h.recordCarePlan(carePlan('cp', { ...one, eventId: 'a2' }));
    expect(h.householdHistory(incident()).map((i) => i.incidentRef)).toEqual(['R-A']);
    expect(h.hasSeen('cp')).toBe(true);
  });

  it('remembers an incident as shared once it arrived inside a police care plan, in any order (T8)', () => {
    const inner = at('a', 'R-A', '2026-01-01T10:00:00Z');
    const first = new History();
    first.recordIncident(inner, false);
    first.recordCarePlan(carePlan('cp', inner));
    const second = new History();
    second.recordCarePlan(carePlan('cp', inner));
    second.recordIncident(inner, false);
    for (const h of [first, second]) {
      expect(h.wasShared('HH1', 'GMP', 'R-A')).toBe(true);
      expect(decide(incident(), h, ruleset, directory).rulesFired).toEqual(['T8']);
    }
  });

  it('counts the same history whatever order it arrived in (T2 on the third incident)', () => {
    const events = [
      at('a', 'R-A', '2025-05-01T10:00:00Z'),
      at('b', 'R-B', '2025-09-01T10:00:00Z'),
      at('c', 'R-C', '2027-01-01T10:00:00Z'),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: 3, maxLength: 3 }), (order) => {
        const h = new History();
        for (const e of order) h.recordIncident(e, false);
        const d = decide(incident(), h, ruleset, directory);
        expect(d.rulesFired).toEqual(['T2']);
        expect(d.historyEventIds).toEqual(['a', 'b']);
      }),
      { numRuns: 20 },
    );
  });

  it('records listings by victim and consents by subject, and every event id as seen', () => {
    const h = new History();
    h.record(listing());
    h.record(consent());
    expect(h.listingsFor('V1').map((l) => l.maracCaseRef)).toEqual(['MARAC-1']);
    expect(h.consentsFor('C1').map((c) => c.eventId)).toEqual(['K1']);
    expect(['M1', 'K1'].every((id) => h.hasSeen(id))).toBe(true);
    expect(h.householdHistory(incident())).toEqual([]);
  });

  it('remembers the shares and triage items a decision sent', () => {
    const h = new History();
    const d = decide(incident({ crimeRecorded: true }), h, ruleset, directory);
    expect(d.shares.some((s) => h.wasSent(s.notificationId))).toBe(false);
    h.recordSent(d);
    expect(d.shares.every((s) => h.wasSent(s.notificationId))).toBe(true);
  });
});
