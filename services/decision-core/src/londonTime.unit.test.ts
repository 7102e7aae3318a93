import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatUtcSecond, londonDate, parseInstant } from './deadlines.js';
import {
  inWindow,
  londonMonthsEarlier,
  londonOffsetMinutes,
  londonWallTime,
  londonWallToInstant,
  previousLondonMonths,
} from './londonTime.js';

// The hand-made London clock must agree with luxon (the IANA database through Intl) everywhere.
const instants = fc.integer({ min: Date.UTC(1972, 0, 1), max: Date.UTC(2060, 0, 1) });
const LONDON = { zone: 'Europe/London' } as const;
const HOUR = 3_600_000;

// Instants whose London wall time a year (or a few months) earlier may fall in a skipped or repeated hour: an hour
// either side of 01:00 local on the last Sunday of March or October, a year after.
const nearClockChanges = fc
  .tuple(fc.integer({ min: 1981, max: 2058 }), fc.constantFrom(3, 10), fc.integer({ min: 0, max: 179 }))
  .map(([year, month, minutes]) => {
    const lastSunday = DateTime.fromObject({ year, month }, { zone: 'utc' }).endOf('month').startOf('day');
    const sunday = lastSunday.minus({ days: lastSunday.weekday % 7 });
    const wall = sunday.plus({ years: 1, minutes: minutes }).toMillis();
    return DateTime.fromMillis(wall, { zone: 'utc' })
      .setZone('Europe/London', { keepLocalTime: true })
      .toMillis();
  });

/**
 * The oracle: luxon's Europe/London wall time `months` earlier (the day clamped to the month), turned into an
 * instant by trying both London offsets with luxon's: the first that gives the wall time, else (the spring gap) the
 * change, which Europe/London makes on the hour.
 */
function monthsEarlierByLuxon(ms: number, months: number): number {
  const wall = DateTime.fromMillis(ms, LONDON);
  const earlier = DateTime.fromObject(wall.toObject(), { zone: 'utc' }).minus({ months }).toMillis();
  const fits = [earlier - HOUR, earlier].filter(
    (utc) => DateTime.fromMillis(utc, LONDON).offset * 60_000 === earlier - utc,
  );
  return fits.length > 0 ? fits[0]! : Math.floor(earlier / HOUR) * HOUR;
}

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

  it('finds the same local time a year (or N months) earlier: luxon’s wall time, read as DOMAIN.md 2 reads it', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 24 }), (ms, months) => {
        expect(londonMonthsEarlier(ms, months)).toBe(monthsEarlierByLuxon(ms, months));
      }),
      { numRuns: 2000 },
    );
  });

  it('and a year before the hours around each clock change, the skipped and repeated ones included', () => {
    fc.assert(
      fc.property(nearClockChanges, (ms) => {
        expect(londonMonthsEarlier(ms, 12)).toBe(monthsEarlierByLuxon(ms, 12));
      }),
      { numRuns: 500 },
    );
  });

  it('changes offset at 01:00 UTC on the last Sundays of March and October', () => {
    expect(londonOffsetMinutes(Date.parse('2026-03-29T00:59:59Z'))).toBe(0);
    expect(londonOffsetMinutes(Date.parse('2026-03-29T01:00:00Z'))).toBe(60);
    expect(londonOffsetMinutes(Date.parse('2026-10-25T00:59:59Z'))).toBe(60);
    expect(londonOffsetMinutes(Date.parse('2026-10-25T01:00:00Z'))).toBe(0);
  });

  it('reads a wall time the spring change skips as the change, and one the autumn change repeats as its first occurrence', () => {
    // 01:30 on 29 March 2026 does not exist in London (01:00 GMT became 02:00 BST at 01:00 UTC); 01:30 on 25 October
    // 2026 happens twice (00:30 and 01:30 UTC).
    expect(londonWallTime(Date.parse('2026-03-29T01:30:00Z'))).toEqual({
      ms: Date.parse('2026-03-29T01:00:00Z'),
      skipped: true,
    });
    expect(londonWallTime(Date.parse('2026-03-29T01:00:00Z')).ms).toBe(Date.parse('2026-03-29T01:00:00Z'));
    expect(londonWallTime(Date.parse('2026-10-25T01:30:00Z'))).toEqual({
      ms: Date.parse('2026-10-25T00:30:00Z'),
      skipped: false,
    });
    // Either side of them, the one reading.
    expect(londonWallToInstant(Date.parse('2026-03-29T00:59:00Z'))).toBe(Date.parse('2026-03-29T00:59:00Z'));
    expect(londonWallToInstant(Date.parse('2026-03-29T02:00:00Z'))).toBe(Date.parse('2026-03-29T01:00:00Z'));
    expect(londonWallToInstant(Date.parse('2026-10-25T02:00:00Z'))).toBe(Date.parse('2026-10-25T02:00:00Z'));
  });

  describe('the previous 12 months at the clock changes (DOMAIN.md 2)', () => {
    const within = (t: string, to: string) =>
      inWindow(Date.parse(t), previousLondonMonths(Date.parse(to), 12));

    it('spring: from a local time the change skipped, incidents from the change on count', () => {
      // 01:30 BST on 29 March 2027 is 01:30 on 29 March 2026 a year earlier: skipped, read as 01:00 UTC (the change).
      const to = '2027-03-29T00:30:00Z';
      expect(within('2026-03-29T01:15:00Z', to)).toBe(true); // 02:15 BST, after the change
      expect(within('2026-03-29T01:00:00Z', to)).toBe(true); // 02:00 BST, the change itself
      expect(within('2026-03-29T00:59:59Z', to)).toBe(false); // 00:59:59 GMT, before it
    });

    it('autumn: a local time the change repeats is its first occurrence', () => {
      // 01:30 GMT on 26 October 2026 is 01:30 on 26 October 2025 a year earlier: first at 00:30 UTC (BST), again at
      // 01:30 UTC (GMT); the window starts after the first.
      const to = '2026-10-26T01:30:00Z';
      expect(within('2025-10-26T01:15:00Z', to)).toBe(true); // 01:15 GMT, the second pass
      expect(within('2025-10-26T00:45:00Z', to)).toBe(true); // 01:45 BST, the first pass after 01:30
      expect(within('2025-10-26T00:30:00Z', to)).toBe(false); // 01:30 BST itself
      expect(within('2025-10-26T00:15:00Z', to)).toBe(false); // 01:15 BST, the first pass before 01:30
    });
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
