import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bankHolidaysOf, easterSunday, WorkingDayCalendar, type BankHolidayChanges } from './bankHolidays.js';
import { ageOn, isSchoolAge, maracDue, within24Hours, withinWorkingDays } from './deadlines.js';

const changes = JSON.parse(
  readFileSync(new URL('./reference/bankHolidayChanges.json', import.meta.url), 'utf8'),
) as BankHolidayChanges;
const calendar = new WorkingDayCalendar(changes);
const sorted = (year: number) => [...bankHolidaysOf(year, changes)].sort();

describe('England and Wales bank holidays (docs/domain/deadlines.md)', () => {
  it('computes Easter (Good Friday and Easter Monday)', () => {
    expect(easterSunday(2024)).toEqual({ month: 3, day: 31 });
    expect(easterSunday(2026)).toEqual({ month: 4, day: 5 });
    expect(easterSunday(2038)).toEqual({ month: 4, day: 25 });
  });

  it('gives 2026 as published', () => {
    expect(sorted(2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('substitutes weekend days: Christmas on a Saturday (2021), on a Sunday (2022), New Year on a Saturday (2022)', () => {
    expect(sorted(2021).filter((d) => d >= '2021-12')).toEqual(['2021-12-27', '2021-12-28']);
    expect(sorted(2022).filter((d) => d >= '2022-12')).toEqual(['2022-12-26', '2022-12-27']);
    expect(sorted(2022)[0]).toBe('2022-01-03');
  });

  it('applies the one-off changes of the data file', () => {
    expect(sorted(2020)).toContain('2020-05-08');
    expect(sorted(2020)).not.toContain('2020-05-04');
    expect(sorted(2022)).toEqual(expect.arrayContaining(['2022-06-02', '2022-06-03', '2022-09-19']));
    expect(sorted(2022)).not.toContain('2022-05-30');
    expect(sorted(2023)).toContain('2023-05-08');
  });
});

describe('deadlines (docs/domain/deadlines.md)', () => {
  it('"within 24 hours" is the instant plus 24 hours', () => {
    expect(within24Hours('2026-03-14T23:40:00Z')).toBe('2026-03-15T23:40:00Z');
    expect(within24Hours('2026-03-28T12:00:00.500Z')).toBe('2026-03-29T12:00:00Z');
  });

  it('"within 5 working days" ends 23:59:59 London on the 5th working day after the local date', () => {
    expect(withinWorkingDays('2026-03-14T23:40:00Z', 5, calendar)).toBe('2026-03-20T23:59:59Z');
    // Over Easter 2026 (3 and 6 April are holidays), into British Summer Time.
    expect(withinWorkingDays('2026-04-01T10:00:00Z', 5, calendar)).toBe('2026-04-10T22:59:59Z');
    // Late evening UTC in summer is the next local day.
    expect(withinWorkingDays('2026-06-04T23:30:00Z', 1, calendar)).toBe('2026-06-08T22:59:59Z');
    // The spring holiday of 2022 moved from 30 May (a working day that year) to the Jubilee, 2 and 3 June.
    expect(withinWorkingDays('2022-05-27T10:00:00Z', 3, calendar)).toBe('2022-06-01T22:59:59Z');
    expect(withinWorkingDays('2022-05-31T10:00:00Z', 2, calendar)).toBe('2022-06-06T22:59:59Z');
  });

  it('MARAC: 23:59:59 eight days before the meeting, or 24 hours after listing if later', () => {
    expect(maracDue('2026-03-02T10:00:00Z', '2026-03-26')).toBe('2026-03-18T23:59:59Z');
    expect(maracDue('2026-03-20T10:00:00Z', '2026-03-26')).toBe('2026-03-21T10:00:00Z');
    expect(maracDue('2026-05-01T10:00:00Z', '2026-06-10')).toBe('2026-06-02T22:59:59Z');
  });
});

describe('ages and school years (docs/domain/facts-and-history.md, routing.md)', () => {
  it('has a 29 February birthday on 1 March in other years', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('starts reception on 1 September of the school year in which the child turns 5', () => {
    expect(isSchoolAge('2020-08-31', '2024-08-31')).toBe(false);
    expect(isSchoolAge('2020-08-31', '2024-09-01')).toBe(true);
    expect(isSchoolAge('2020-09-01', '2025-08-31')).toBe(false);
    expect(isSchoolAge('2020-09-01', '2025-09-01')).toBe(true);
  });
});
