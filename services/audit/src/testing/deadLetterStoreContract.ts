import { describe, expect, it } from 'vitest';
import type { DeadLetterEntry, DeadLetterStore } from '../deadletters/DeadLetterStore.js';

/** A dead letter for tests: an incident of `area` that failed at `failedAt`, with its bytes. */
export function makeDeadLetter(overrides: Partial<DeadLetterEntry> = {}): DeadLetterEntry {
  return {
    deadLetterId: 'dl-1',
    topic: 'incident.recorded',
    partition: 0,
    offset: 7,
    key: 'hh-1',
    failedAt: '2026-12-01T10:00:00.000Z',
    reasonCode: 'INVALID_EVENT',
    reason: 'a field the rules need is missing',
    consumerGroup: 'triage',
    eventType: 'IncidentRecorded',
    eventId: 'ev-1',
    area: 'trafford',
    originalBytes: new Uint8Array([0xc3, 0x01, 1, 2, 3]),
    redriven: null,
    ...overrides,
  };
}

/** The behaviour every DeadLetterStore must have; run against the fake and the SQL store. */
export function deadLetterStoreContract(name: string, open: () => Promise<DeadLetterStore>): void {
  describe(`${name} (DeadLetterStore contract)`, () => {
    it('keeps a dead letter as added, bytes included, and ignores a second copy of the same id', async () => {
      const store = await open();
      const letter = makeDeadLetter();
      await store.add([letter]);
      await store.add([makeDeadLetter({ reason: 'another copy' })]);
      expect(await store.get('dl-1')).toEqual(letter);
      expect(await store.get('dl-unknown')).toBeUndefined();
    });

    it("lists the caller's areas and the unknown-area ones, newest first, by reason code and topic", async () => {
      const store = await open();
      await store.add([
        makeDeadLetter({ deadLetterId: 'a', failedAt: '2026-12-01T10:00:00.000Z' }),
        makeDeadLetter({ deadLetterId: 'b', failedAt: '2026-12-01T11:00:00.000Z', area: 'kent' }),
        makeDeadLetter({
          deadLetterId: 'c',
          failedAt: '2026-12-01T12:00:00.000Z',
          area: null,
          eventType: null,
          eventId: null,
        }),
        makeDeadLetter({
          deadLetterId: 'd',
          failedAt: '2026-12-01T13:00:00.000Z',
          reasonCode: 'UNKNOWN_FINGERPRINT',
        }),
        makeDeadLetter({ deadLetterId: 'e', failedAt: '2026-12-01T14:00:00.000Z', topic: 'careplan.issued' }),
      ]);
      const ids = async (filter: Partial<Parameters<DeadLetterStore['list']>[0]> = {}) =>
        (await store.list({ areas: ['trafford'], limit: 50, ...filter })).map((e) => e.deadLetterId);
      expect(await ids()).toEqual(['e', 'd', 'c', 'a']);
      expect(await ids({ reasonCode: 'INVALID_EVENT' })).toEqual(['e', 'c', 'a']);
      expect(await ids({ topic: 'incident.recorded', reasonCode: 'INVALID_EVENT' })).toEqual(['c', 'a']);
      expect(await ids({ limit: 2 })).toEqual(['e', 'd']);
      expect(await ids({ areas: ['kent'] })).toEqual(['c', 'b']);
    });

    it('claims each dead letter once: a second claim, even a concurrent one, gets nothing', async () => {
      const store = await open();
      await store.add([makeDeadLetter({ deadLetterId: 'x' }), makeDeadLetter({ deadLetterId: 'y' })]);
      const by = { at: '2026-12-02T09:00:00.000Z', by: 'op-1' };
      const [first, second] = await Promise.all([store.claim(['x', 'y'], by), store.claim(['x'], by)]);
      expect([...first, ...second].map((e) => e.deadLetterId).sort()).toEqual(['x', 'y']);
      expect(await store.claim(['x', 'y', 'unknown'], by)).toEqual([]);
      expect((await store.get('x'))!.redriven).toEqual(by);
      expect(await store.list({ areas: ['trafford'], limit: 50 })).toEqual([]);
      expect(await store.list({ areas: ['trafford'], limit: 50, includeRedriven: true })).toHaveLength(2);
    });

    it('releases a claim so the dead letter can be claimed again', async () => {
      const store = await open();
      await store.add([makeDeadLetter()]);
      const by = { at: '2026-12-02T09:00:00.000Z', by: 'op-1' };
      await store.claim(['dl-1'], by);
      await store.release(['dl-1']);
      expect((await store.get('dl-1'))!.redriven).toBeNull();
      expect(await store.claim(['dl-1'], by)).toHaveLength(1);
    });
  });
}
