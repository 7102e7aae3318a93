import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideIncident, decideMarac } from './decide.js';
import { DAY_MS } from './ExpiringKeys.js';
import { createAreaRegistry } from './loadArea.js';
import { loadAreas } from './loadAreas.js';
import { listingSummaryOf } from './listingSummaryOf.js';
import { MemoryHistory } from './MemoryHistory.js';
import type { HistoryStore } from './HistoryStore.js';
import type { IncidentBody } from './model.js';
import { StagedHistory } from './StagedHistory.js';
import { incident, listing } from './testing/fixtures.js';
import { replaySpanMs, retentionFor, WindowedHistory } from './WindowedHistory.js';

const areaOf = createAreaRegistry();
const trafford = areaOf('trafford');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const NEWEST = Date.parse('2026-11-20T12:00:00Z');

/** Records an incident as the services do: decided, then added, then the watermark moved to its time. */
function record(history: HistoryStore, i: IncidentBody) {
  const decision = decideIncident(trafford, i, history);
  history.addIncident({
    eventId: i.eventId,
    forceCode: i.forceCode,
    incidentRef: i.incidentRef,
    householdKey: i.location.householdKey,
    occurredAt: i.occurredAt,
    shared: decision.decision === 'SHARED',
  });
  history.advance?.(Date.parse(i.occurredAt));
  return decision;
}

const at = (n: number, occurredAt: string, household = 'HH1') =>
  incident({
    eventId: `E${n}`,
    incidentRef: `INC-${n}`,
    occurredAt,
    recordedAt: occurredAt,
    location: { householdKey: household, postcode: 'M33 7XX', uprn: null },
  });

describe('WindowedHistory (docs/domain/facts-and-history.md#the-household-and-its-history)', () => {
  it('asks for the longest look-back of every area: 12 months in the reference areas', () => {
    const registry = loadAreas();
    const retention = retentionFor(registry.areas.map(registry), 31);
    expect(retention).toEqual({ windowMonths: 12, latenessDays: 31 });
    expect(replaySpanMs(retention)).toBe((12 * 31 + 62) * DAY_MS);
  });

  it('drops an incident 12 months and a day older than the newest seen: it no longer counts, one inside still does', () => {
    const windowed = new WindowedHistory({ windowMonths: 12, latenessDays: 0 });
    const unbounded = new MemoryHistory();
    const old = at(1, '2025-11-19T12:00:00Z'); // 12 months and a day before NEWEST
    const inside = at(2, '2026-01-10T12:00:00Z');
    const newest = at(3, iso(NEWEST), 'HH2');
    for (const h of [windowed, unbounded]) for (const i of [old, inside, newest]) record(h, i);

    expect(windowed.incidentsAt('HH1').map((i) => i.eventId)).toEqual(['E2']);
    expect(windowed.hasSeen('E1')).toBe(false);
    expect(windowed.hasSeen('E2')).toBe(true);
    // A late incident whose own window reaches back to the dropped one: unbounded history counts both, the
    // windowed one only the incident inside the window of the newest.
    const late = at(4, '2026-02-01T12:00:00Z');
    expect(decideIncident(trafford, late, unbounded).historyEventIds).toEqual(['E1', 'E2']);
    expect(decideIncident(trafford, late, windowed).historyEventIds).toEqual(['E2']);
    expect(windowed.size()).toEqual({
      households: 2,
      incidents: 2,
      victims: 0,
      listings: 0,
      seenIds: 2,
      consents: 0,
    });
  });

  it('keeps what a late event within the lateness still needs', () => {
    const windowed = new WindowedHistory({ windowMonths: 12, latenessDays: 31 });
    record(windowed, at(1, '2025-11-05T12:00:00Z')); // 12 months and 15 days before NEWEST
    record(windowed, at(2, iso(NEWEST), 'HH2'));
    expect(windowed.incidentsAt('HH1').map((i) => i.eventId)).toEqual(['E1']);
    const late = at(3, '2026-11-01T12:00:00Z'); // 19 days late: its window still holds E1
    expect(decideIncident(trafford, late, windowed).historyEventIds).toEqual(['E1']);
    windowed.advance(NEWEST + 20 * DAY_MS);
    expect(windowed.incidentsAt('HH1')).toEqual([]);
  });

  it('drops MARAC listings out of the repeat window the same way (docs/domain/sharing-rules.md#repeat-marac)', () => {
    const windowed = new WindowedHistory({ windowMonths: 12, latenessDays: 0 });
    const first = listing({ eventId: 'L1', maracCaseRef: 'M-1', listedAt: '2025-01-10T10:00:00Z' });
    windowed.addListing(listingSummaryOf(first));
    windowed.advance(Date.parse(first.listedAt));
    const within = listing({ eventId: 'L2', maracCaseRef: 'M-2', listedAt: '2025-12-01T10:00:00Z' });
    expect(decideMarac(trafford, within, windowed).isRepeatMarac).toBe(true);
    windowed.addListing(listingSummaryOf(within));
    windowed.advance(Date.parse(within.listedAt));
    expect(windowed.listingsFor(first.victim.personId).map((l) => l.eventId)).toEqual(['L1', 'L2']);
    const later = listing({ eventId: 'L3', maracCaseRef: 'M-3', listedAt: '2026-02-01T10:00:00Z' });
    windowed.addListing(listingSummaryOf(later));
    windowed.advance(Date.parse(later.listedAt));
    expect(windowed.listingsFor(first.victim.personId).map((l) => l.eventId)).toEqual(['L2', 'L3']);
    expect(windowed.hasSeen('L1')).toBe(false);
  });

  it('ends a replay with the state of the live run, however the events were batched', () => {
    const events = Array.from({ length: 30 }, (_, n) =>
      at(n, iso(Date.parse('2024-01-01T09:00:00Z') + n * 40 * DAY_MS), `HH${n % 3}`),
    );
    const live = new WindowedHistory({ windowMonths: 12, latenessDays: 31 });
    for (const e of events) {
      const staged = new StagedHistory(live);
      record(staged, e);
      staged.commit();
    }
    const replayed = new WindowedHistory({ windowMonths: 12, latenessDays: 31 });
    const staged = new StagedHistory(replayed);
    for (const e of events) record(staged, e);
    staged.commit();
    for (const h of ['HH0', 'HH1', 'HH2']) expect(replayed.incidentsAt(h)).toEqual(live.incidentsAt(h));
    expect(replayed.size()).toEqual(live.size());
    expect(live.size().incidents).toBeLessThan(events.length);
  });

  it('decides as unbounded history does for every event no later than the lateness (property)', () => {
    const latenessDays = 31;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            offsetDays: fc.integer({ min: 0, max: 3 * 365 }),
            minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
            household: fc.integer({ min: 0, max: 3 }),
            lateDays: fc.integer({ min: 0, max: latenessDays - 2 }),
            crime: fc.boolean(),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (specs) => {
          const start = Date.parse('2024-01-01T00:00:00Z');
          const events = specs
            .map((s, n) => {
              const occurred = start + s.offsetDays * DAY_MS + s.minute * 60_000;
              const i = at(n, iso(occurred), `HH${s.household}`);
              return { event: { ...i, crimeRecorded: s.crime }, arrives: occurred + s.lateDays * DAY_MS };
            })
            .sort((a, b) => a.arrives - b.arrives);
          const windowed = new WindowedHistory({ windowMonths: 12, latenessDays });
          const unbounded = new MemoryHistory();
          for (const { event } of events) {
            const a = record(windowed, event);
            const b = record(unbounded, event);
            expect(a.historyEventIds).toEqual(b.historyEventIds);
            expect(a.rulesFired).toEqual(b.rulesFired);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
