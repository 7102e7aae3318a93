import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatUtcSecond, londonDate, parseInstant } from './deadlines.js';
import { londonMonthsEarlier, londonOffsetMinutes, londonWallToInstant } from './londonTime.js';

// The hand-made London clock must agree with luxon (the IANA database through Intl) everywhere.
const instants = fc.integer({ min: Date.UTC(1972, 0, 1), max: Date.UTC(2060, 0, 1) });

describe('Europe/London time without luxon on the hot path (DOMAIN.md 9)', () => {
  it('has the offset luxon gives, at any instant', () => {
    fc.assert(
      fc.property(instants, (ms) => {
        expect(londonOffsetMinutes(ms)).toBe(DateTime.fromMillis(ms, { zone: 'Europe/London' }).offset);
      }),
      { numRuns: 2000 },
    );
  });

  it('has the local date luxon gives, at any instant', () => {
    fc.assert(
      fc.property(instants, (ms) => {
        const iso = new Date(ms).toISOString();
        expect(londonDate(iso)).toBe(DateTime.fromMillis(ms, { zone: 'Europe/London' }).toISODate());
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the same local time a year (or N months) earlier as luxon, DST gaps and folds included', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 24 }), (ms, months) => {
        const expected = DateTime.fromMillis(ms, { zone: 'Europe/London' }).minus({ months }).toMillis();
        expect(londonMonthsEarlier(ms, months)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('changes offset at 01:00 UTC on the last Sundays of March and October', () => {
    expect(londonOffsetMinutes(Date.parse('2026-03-29T00:59:59Z'))).toBe(0);
    expect(londonOffsetMinutes(Date.parse('2026-03-29T01:00:00Z'))).toBe(60);
    expect(londonOffsetMinutes(Date.parse('2026-10-25T00:59:59Z'))).toBe(60);
    expect(londonOffsetMinutes(Date.parse('2026-10-25T01:00:00Z'))).toBe(0);
  });

  it('moves a wall time in the spring gap forward, and takes the earlier instant in the autumn fold', () => {
    // 01:30 on 29 March 2026 does not exist in London; 01:30 on 25 October 2026 happens twice.
    expect(new Date(londonWallToInstant(Date.parse('2026-03-29T01:30:00Z'))).toISOString()).toBe(
      DateTime.fromISO('2026-03-29T01:30:00', { zone: 'Europe/London' }).toUTC().toISO(),
    );
    expect(new Date(londonWallToInstant(Date.parse('2026-10-25T01:30:00Z'))).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });
});

describe('instants', () => {
  it('reads every ISO-8601 instant with an offset as Date.parse does', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        fc.constantFrom('Z', 'colon', 'compact'),
        fc.boolean(),
        (ms, offsetMinutes, style, withMillis) => {
          const offset = style === 'Z' ? 0 : offsetMinutes;
          const local = new Date(ms + offset * 60_000).toISOString().slice(0, withMillis ? 23 : 19);
          const sign = offset < 0 ? '-' : '+';
          const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
          const mm = String(Math.abs(offset) % 60).padStart(2, '0');
          const text =
            style === 'Z'
              ? `${local}Z`
              : style === 'colon'
                ? `${local}${sign}${hh}:${mm}`
                : `${local}${sign}${hh}${mm}`;
          expect(parseInstant(text)).toBe(Date.parse(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses what is not an instant with an offset, rather than guess the zone', () => {
    for (const bad of [
      '2026-03-14T22:10:00',
      '2026-03-14',
      '2026-02-30T10:00:00Z',
      '2026-03-14T25:00:00Z',
      'soon',
      '',
    ])
      expect(() => parseInstant(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT' }) as Error);
  });

  it('prints instants in UTC to the second', () => {
    fc.assert(
      fc.property(instants, (ms) => {
        expect(formatUtcSecond(ms)).toBe(
          new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
