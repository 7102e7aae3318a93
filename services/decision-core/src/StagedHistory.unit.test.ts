import { describe, expect, it } from 'vitest';
import { MemoryHistory } from './MemoryHistory.js';
import { StagedHistory } from './StagedHistory.js';

describe('StagedHistory', () => {
  it('shows staged additions beside the base, and applies them only on commit', () => {
    const base = new MemoryHistory();
    base.addIncident({
      eventId: 'a',
      forceCode: 'F',
      incidentRef: 'A',
      householdKey: 'H',
      occurredAt: '2026-01-01T00:00:00Z',
      shared: false,
    });
    const staged = new StagedHistory(base);
    staged.addIncident({
      eventId: 'b',
      forceCode: 'F',
      incidentRef: 'B',
      householdKey: 'H',
      occurredAt: '2026-02-01T00:00:00Z',
      shared: true,
    });
    staged.markSeen('c');
    expect(staged.incidentsAt('H').map((i) => i.eventId)).toEqual(['a', 'b']);
    expect(staged.hasSeen('c')).toBe(true);
    expect(base.incidentsAt('H')).toHaveLength(1);
    expect(base.hasSeen('c')).toBe(false);
    staged.commit();
    expect(base.incidentsAt('H').map((i) => i.eventId)).toEqual(['a', 'b']);
    expect(base.hasSeen('c')).toBe(true);
  });

  it('forgets everything staged when it is dropped instead of committed (an aborted batch)', () => {
    const base = new MemoryHistory();
    const staged = new StagedHistory(base);
    staged.addListing({
      eventId: 'l',
      area: 'trafford',
      maracCaseRef: 'M',
      victimPersonId: 'V',
      listedAt: '2026-01-01T00:00:00Z',
    });
    expect(staged.listingsFor('V')).toHaveLength(1);
    expect(base.listingsFor('V')).toHaveLength(0);
  });
});
