import { describe, expect, it } from 'vitest';
import type { AcceptedEventLedger } from './ports.js';

/** The behaviour every accepted-event ledger must have; run on the fake and on PGlite/PostgreSQL. */
export function ledgerContract(name: string, make: () => Promise<AcceptedEventLedger>): void {
  describe(`AcceptedEventLedger contract: ${name}`, () => {
    it('finds what it recorded, and nothing else', async () => {
      const ledger = await make();
      await ledger.record({
        eventId: 'e1',
        bodyHash: 'h1',
        type: 'IncidentRecorded',
        acceptedAt: '2026-03-14T23:40:00.000Z',
      });
      expect(await ledger.find('e1')).toEqual({
        eventId: 'e1',
        bodyHash: 'h1',
        type: 'IncidentRecorded',
        acceptedAt: '2026-03-14T23:40:00.000Z',
      });
      expect(await ledger.find('e2')).toBeUndefined();
    });

    it('keeps the first record of an event id', async () => {
      const ledger = await make();
      await ledger.record({
        eventId: 'e1',
        bodyHash: 'h1',
        type: 'IncidentRecorded',
        acceptedAt: '2026-03-14T23:40:00.000Z',
      });
      await ledger.record({
        eventId: 'e1',
        bodyHash: 'h2',
        type: 'MaracListed',
        acceptedAt: '2026-03-15T00:00:00.000Z',
      });
      expect((await ledger.find('e1'))?.bodyHash).toBe('h1');
    });

    it('answers many concurrent records and look-ups, each its own', async () => {
      const ledger = await make();
      const events = Array.from({ length: 50 }, (_, i) => ({
        eventId: `c${i}`,
        bodyHash: `h${i}`,
        type: 'ConsentRecorded' as const,
        acceptedAt: `2026-03-14T23:${String(i).padStart(2, '0')}:00.000Z`,
      }));
      await Promise.all(events.filter((_, i) => i % 2 === 0).map((e) => ledger.record(e)));
      const found = await Promise.all(events.map((e) => ledger.find(e.eventId)));
      expect(found).toEqual(events.map((e, i) => (i % 2 === 0 ? e : undefined)));
    });

    it('gives an id to exactly one of many bodies claiming it at once, and answers every claimant with that one', async () => {
      const ledger = await make();
      const claims = Array.from({ length: 8 }, (_, i) => ({
        eventId: 'race',
        bodyHash: `h${i}`,
        type: 'ConsentRecorded' as const,
        acceptedAt: '2026-03-14T23:40:00.000Z',
      }));
      const answers = await Promise.all(claims.map((c) => ledger.claim(c)));
      const holder = answers[0]!;
      expect(answers.every((a) => a.bodyHash === holder.bodyHash)).toBe(true);
      expect(answers.filter((a, i) => a.bodyHash === claims[i]!.bodyHash)).toHaveLength(1);
      expect(holder.accepted).toBe(false);
      expect(await ledger.find('race')).toBeUndefined();
      await ledger.record({ ...claims[1]!, bodyHash: holder.bodyHash === 'h1' ? 'h0' : 'h1' });
      expect(await ledger.find('race')).toBeUndefined();
      const { accepted: _accepted, ...claimed } = holder;
      await ledger.record(claimed);
      expect(await ledger.find('race')).toEqual(claimed);
      expect(await ledger.claim({ ...claims[2]!, bodyHash: 'late' })).toEqual({ ...claimed, accepted: true });
    });
  });
}
