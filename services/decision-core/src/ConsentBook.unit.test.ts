import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConsentBook } from './ConsentBook.js';
import { consentRecordFor, type ConsentScope } from './consentPosition.js';
import type { ConsentRecorded, HistoryView } from './model.js';
import { consent } from './testing/fixtures.js';

/** Every record ever added, by person: what the decision would read if nothing were dropped. */
const everyRecord = (records: readonly ConsentRecorded[]): HistoryView => ({
  incidentsAt: () => [],
  listingsFor: () => [],
  consentsFor: (p) => records.filter((c) => c.subjectPersonId === p),
});
const bookOf = (records: readonly ConsentRecorded[]): HistoryView => {
  const book = new ConsentBook();
  for (const r of records) book.add(r);
  return { incidentsAt: () => [], listingsFor: () => [], consentsFor: (p) => book.consentsFor(p) };
};

const PEOPLE = ['C1', 'C2', 'V1'];
const REFS = [null, 'INC-1', 'INC-2'];
const CASES = [null, 'MC-1'];
const arbConsent: fc.Arbitrary<ConsentRecorded> = fc
  .record({
    id: fc.integer({ min: 0, max: 40 }),
    person: fc.constantFrom(...PEOPLE),
    area: fc.constantFrom('trafford', 'kent'),
    incidentRef: fc.constantFrom(...REFS),
    maracCaseRef: fc.constantFrom(...CASES),
    status: fc.constantFrom('GIVEN', 'REFUSED', 'NOT_SOUGHT', 'WITHDRAWN'),
    // Few instants, so ties on recordedAt (broken by eventId) are common.
    day: fc.integer({ min: 1, max: 4 }),
  })
  .map((r) =>
    consent({
      eventId: `k-${r.id}`,
      subjectPersonId: r.person,
      area: r.area,
      scope:
        r.incidentRef === null && r.maracCaseRef === null
          ? null
          : { incidentRef: r.incidentRef, maracCaseRef: r.maracCaseRef },
      status: r.status as ConsentRecorded['status'],
      recordedAt: `2026-03-0${r.day}T10:00:00Z`,
    }),
  );
// One record per event id, as on the topic (a redelivery is the same record).
const arbRecords = fc.uniqueArray(arbConsent, { selector: (c) => c.eventId, maxLength: 30 });
const arbScope: fc.Arbitrary<ConsentScope> = fc.record({
  area: fc.constantFrom('trafford', 'kent'),
  incidentRef: fc.constantFrom(undefined, 'INC-1', 'INC-2'),
  maracCaseRef: fc.constantFrom(undefined, 'MC-1'),
});

describe('ConsentBook: the latest record per person, area and scope', () => {
  it('gives every share the same deciding record as the whole history would, whatever the order of arrival', () => {
    fc.assert(
      fc.property(
        arbRecords.chain((records) =>
          fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length })),
        ),
        fc.constantFrom(...PEOPLE),
        fc.constantFrom(...PEOPLE),
        arbScope,
        ([records, shuffled], subject, victim, scope) => {
          const expected = consentRecordFor(everyRecord(records), subject, victim, scope);
          expect(consentRecordFor(bookOf(records), subject, victim, scope)).toEqual(expected);
          expect(consentRecordFor(bookOf([...shuffled, ...records]), subject, victim, scope)).toEqual(
            expected,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('holds one record per person, area and scope however often the question is answered', () => {
    const book = new ConsentBook();
    const at = (eventId: string, day: number, scope: ConsentRecorded['scope'] = null) =>
      consent({ eventId, subjectPersonId: 'C1', scope, recordedAt: `2026-03-0${day}T10:00:00Z` });
    expect(book.add(at('a', 1))).toBe(true);
    expect(book.add(at('b', 3))).toBe(true); // later: replaces a
    expect(book.add(at('c', 2))).toBe(false); // earlier than b: can never decide
    expect(book.add(at('b', 3))).toBe(false); // the same record again
    expect(book.add(at('d', 1, { incidentRef: 'INC-1', maracCaseRef: null }))).toBe(true);
    expect(book.add(consent({ eventId: 'e', subjectPersonId: 'C1', area: 'kent' }))).toBe(true);
    expect(book.consentsFor('C1').map((c) => c.eventId)).toEqual(['b', 'd', 'e']);
    expect(book.size).toBe(3);
    expect(book.consentsFor('nobody')).toEqual([]);
  });
});
