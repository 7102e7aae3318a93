import { IANAZone } from 'luxon';

const ZONE = IANAZone.create('Europe/London');
const HOUR = 3_600_000;
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

/**
 * The instant of a Europe/London wall-clock time (given as milliseconds of the same wall time read as UTC). A time
 * in the spring gap moves forward by the gap and a time in the autumn fold takes the earlier instant, as luxon does.
 */
export function londonWallToInstant(wallMs: number, offsetGuessMinutes?: number): number {
  const o = offsetGuessMinutes ?? londonOffsetMinutes(wallMs - HOUR);
  let utc = wallMs - o * 60_000;
  const o2 = londonOffsetMinutes(utc);
  if (o === o2) return utc;
  utc -= (o2 - o) * 60_000;
  const o3 = londonOffsetMinutes(utc);
  if (o2 === o3) return utc;
  return wallMs - Math.min(o2, o3) * 60_000;
}

/** The instant at the same Europe/London local date and time `months` earlier (a missing day takes the month's last). */
export function londonMonthsEarlier(ms: number, months: number): number {
  const offset = londonOffsetMinutes(ms);
  const wall = new Date(ms + offset * 60_000);
  const total = wall.getUTCFullYear() * 12 + wall.getUTCMonth() - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const earlier = Date.UTC(
    year,
    month,
    Math.min(wall.getUTCDate(), lastDay),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    wall.getUTCMilliseconds(),
  );
  return londonWallToInstant(earlier, offset);
}
