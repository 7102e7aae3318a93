import { DateTime } from 'luxon';
import changes from './reference/bankHolidayChanges.json' with { type: 'json' };

/** One-off changes to the computed calendar (src/reference/bankHolidayChanges.json), as ISO dates. */
export interface BankHolidayChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** The reviewed one-off changes of England and Wales (docs/domain/deadlines.md#working-days): moved and extra bank holidays. */
export const ENGLAND_AND_WALES_CHANGES: BankHolidayChanges = Object.freeze({
  added: Object.freeze([...changes.added]),
  removed: Object.freeze([...changes.removed]),
});

/** Easter Sunday of `year` (Gregorian computus, the Anonymous/Meeus algorithm). */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

const iso = (d: DateTime) => d.toISODate()!;

/** The first/last given weekday (1 = Monday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, last: boolean): DateTime {
  if (last) {
    let d = DateTime.utc(year, month, 1).endOf('month').startOf('day');
    while (d.weekday !== weekday) d = d.minus({ days: 1 });
    return d;
  }
  let d = DateTime.utc(year, month, 1);
  while (d.weekday !== weekday) d = d.plus({ days: 1 });
  return d;
}

/**
 * The bank holidays of England and Wales in `year`, substitute days included, computed from the standing rules
 * (Banking and Financial Dealings Act 1971 schedule and royal proclamations), then adjusted by the one-off changes.
 */
export function bankHolidaysOf(year: number, changes: BankHolidayChanges): Set<string> {
  const days: DateTime[] = [];
  // New Year's Day, or the next Monday when it falls at a weekend.
  let ny = DateTime.utc(year, 1, 1);
  while (ny.weekday > 5) ny = ny.plus({ days: 1 });
  days.push(ny);
  const easter = easterSunday(year);
  const sunday = DateTime.utc(year, easter.month, easter.day);
  days.push(sunday.minus({ days: 2 }), sunday.plus({ days: 1 })); // Good Friday, Easter Monday
  days.push(nthWeekday(year, 5, 1, false), nthWeekday(year, 5, 1, true), nthWeekday(year, 8, 1, true));
  // Christmas Day and Boxing Day; at a weekend, substitute days follow on the next free weekdays.
  const christmas = DateTime.utc(year, 12, 25);
  const boxing = DateTime.utc(year, 12, 26);
  const taken = new Set<string>();
  for (const day of [christmas, boxing]) {
    let d = day;
    while (d.weekday > 5 || taken.has(iso(d))) d = d.plus({ days: 1 });
    taken.add(iso(d));
    days.push(d);
  }
  const set = new Set(days.map(iso));
  for (const r of changes.removed) if (r.startsWith(`${year}-`)) set.delete(r);
  for (const a of changes.added) if (a.startsWith(`${year}-`)) set.add(a);
  return set;
}

/** A memoised working-day calendar: Monday to Friday except the bank holidays of England and Wales. */
export class WorkingDayCalendar {
  private readonly years = new Map<number, Set<string>>();
  private readonly nth = new Map<string, string>();
  constructor(private readonly changes: BankHolidayChanges) {}

  /** Whether an ISO date (YYYY-MM-DD) is a bank holiday. */
  isBankHoliday(date: string): boolean {
    const year = Number(date.slice(0, 4));
    let set = this.years.get(year);
    if (!set) {
      set = bankHolidaysOf(year, this.changes);
      this.years.set(year, set);
    }
    return set.has(date);
  }

  /** Whether an ISO date is a working day. */
  isWorkingDay(date: string): boolean {
    // 0 = Sunday, 6 = Saturday: plain calendar arithmetic, no zone involved (it is a date, not an instant).
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !this.isBankHoliday(date);
  }

  /** The Nth working day after an ISO date (memoised: deadlines ask the same question many times). */
  nthWorkingDayAfter(date: string, n: number): string {
    const key = `${date}|${n}`;
    const known = this.nth.get(key);
    if (known) return known;
    let ms = Date.parse(`${date}T00:00:00Z`);
    let day = date;
    for (let counted = 0; counted < n;) {
      ms += 86_400_000;
      day = new Date(ms).toISOString().slice(0, 10);
      if (this.isWorkingDay(day)) counted++;
    }
    this.nth.set(key, day);
    return day;
  }
}

/** The working-day calendar of England and Wales with the reviewed one-off changes (shared, memoised). */
export const ENGLAND_AND_WALES = new WorkingDayCalendar(ENGLAND_AND_WALES_CHANGES);
