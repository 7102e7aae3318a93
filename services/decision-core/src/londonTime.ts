import { IANAZone } from 'luxon';

const ZONE = IANAZone.create('Europe/London');
const DAY = 86_400_000;

/** One UTC year of Europe/London offsets: the instants where the offset changes, and the offset from each. */
interface YearTable {
  readonly starts: number[];
  readonly offsets: number[];
}
const years = new Map<number, YearTable>();

// The offsets come from the IANA time zone database (through luxon and Intl), asked once per year: the changes are
// found by scanning the year a day at a time and narrowing each change to the minute. Europe/London changes at most
// twice a year, at a whole minute.
function yearTable(year: number): YearTable {
  let table = years.get(year);
  if (table) return table;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const starts = [start];
  const offsets = [ZONE.offset(start)];
  for (let t = start + DAY; t <= end; t += DAY) {
    const previous = offsets[offsets.length - 1]!;
    const now = ZONE.offset(Math.min(t, end - 1));
    if (now === previous) continue;
    let lo = t - DAY;
    let hi = Math.min(t, end - 1);
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (ZONE.offset(mid) === previous) lo = mid;
      else hi = mid;
    }
    starts.push(hi);
    offsets.push(now);
  }
  table = { starts, offsets };
  years.set(year, table);
  return table;
}

/** The Europe/London offset from UTC, in minutes, at an instant (epoch milliseconds). */
export function londonOffsetMinutes(ms: number): number {
  const { starts, offsets } = yearTable(new Date(ms).getUTCFullYear());
  let i = starts.length - 1;
  while (i > 0 && starts[i]! > ms) i--;
  return offsets[i]!;
}

/** The Europe/London local date (YYYY-MM-DD) of an instant given in epoch milliseconds. */
export function londonDateOf(ms: number): string {
  return dateOfDay(Math.floor((ms + londonOffsetMinutes(ms) * 60_000) / DAY));
}

// Dates by day number since the epoch: a few thousand strings at most over the hub's life.
const dates = new Map<number, string>();

/** The ISO date (YYYY-MM-DD) of a day number since 1970-01-01. */
export function dateOfDay(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY).toISOString().slice(0, 10);
    dates.set(day, date);
  }
  return date;
}

/** Where a Europe/London wall-clock time falls: its instant, and whether the spring change skipped it. */
export interface LondonWallTime {
  /** Epoch milliseconds: the first occurrence of a time the autumn change repeats; the change for a skipped one. */
  readonly ms: number;
  /** True when the spring change skipped the wall time (the instant is then the change itself). */
  readonly skipped: boolean;
}

/**
 * Reads a Europe/London wall-clock time (given as milliseconds of the same wall time read as UTC) as the hub does
 * (DOMAIN.md 2): a time the autumn change repeats is its first occurrence; a time the spring change skips is the
 * moment of the change. (luxon and Temporal's default move a skipped time forward by the gap instead.)
 */
export function londonWallTime(wallMs: number): LondonWallTime {
  // Europe/London changes at most twice a year, so the offsets a day either side are the only candidates.
  const before = londonOffsetMinutes(wallMs - DAY);
  const after = londonOffsetMinutes(wallMs + DAY);
  let first: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const utc = wallMs - offset * 60_000;
    if (londonOffsetMinutes(utc) === offset && (first === undefined || utc < first)) first = utc;
  }
  if (first !== undefined) return { ms: first, skipped: false };
  // No offset gives the wall time: it lies in the spring gap, and the change is the last one at or before it read
  // with the offset from before the change.
  return { ms: lastChangeAtOrBefore(wallMs - before * 60_000), skipped: true };
}

/** The instant of a Europe/London wall-clock time (the reading of londonWallTime). */
export function londonWallToInstant(wallMs: number): number {
  return londonWallTime(wallMs).ms;
}

function lastChangeAtOrBefore(ms: number): number {
  const { starts } = yearTable(new Date(ms).getUTCFullYear());
  let i = starts.length - 1;
  while (i > 0 && starts[i]! > ms) i--;
  return starts[i]!;
}

/**
 * The same Europe/London local date and time `months` earlier (a missing day takes the month's last: one year
 * before 29 February is 28 February), read as londonWallTime reads it.
 */
export function londonMonthsEarlierWall(ms: number, months: number): LondonWallTime {
  const wall = new Date(ms + londonOffsetMinutes(ms) * 60_000);
  const total = wall.getUTCFullYear() * 12 + wall.getUTCMonth() - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return londonWallTime(
    Date.UTC(
      year,
      month,
      Math.min(wall.getUTCDate(), lastDay),
      wall.getUTCHours(),
      wall.getUTCMinutes(),
      wall.getUTCSeconds(),
      wall.getUTCMilliseconds(),
    ),
  );
}

/** The instant at the same Europe/London local date and time `months` earlier (see londonMonthsEarlierWall). */
export function londonMonthsEarlier(ms: number, months: number): number {
  return londonMonthsEarlierWall(ms, months).ms;
}

/** "The previous N months" before an instant (DOMAIN.md 2 and 6), as epoch milliseconds. */
export interface LondonWindow {
  readonly from: number;
  /** Whether `from` itself is inside: only when the spring change skipped the local time (`from` is the change). */
  readonly fromIncluded: boolean;
  /** Exclusive. */
  readonly to: number;
}

/**
 * The previous N months before `to`: after the same Europe/London local date and time N months earlier, or, when
 * the spring change skipped that local time, from the change on; and before `to`.
 */
export function previousLondonMonths(to: number, months: number): LondonWindow {
  const from = londonMonthsEarlierWall(to, months);
  return { from: from.ms, fromIncluded: from.skipped, to };
}

/** Whether an instant lies inside a window. */
export function inWindow(t: number, w: LondonWindow): boolean {
  return t < w.to && (t > w.from || (w.fromIncluded && t === w.from));
}
