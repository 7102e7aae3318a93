import { ENGLAND_AND_WALES, type WorkingDayCalendar } from './bankHolidays.js';
import { DecisionCoreError } from './DecisionCoreError.js';
import { dateOfDay, londonDateOf, londonWallToInstant } from './londonTime.js';

/** The zone every local date and deadline of the hub is taken in (docs/domain/deadlines.md). */
export const LONDON = 'Europe/London';

/** An instant printed as docs/domain/events.md#the-explain-command wants it: UTC, to the second, with Z. */
export function formatUtcSecond(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const day = Math.floor(seconds / 86_400);
  const time = seconds - day * 86_400;
  const h = Math.floor(time / 3600);
  const m = Math.floor((time % 3600) / 60);
  const s = time % 60;
  return `${dateOfDay(day)}T${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}Z`;
}

/** The Europe/London local date (YYYY-MM-DD) of an instant. */
export function londonDate(instant: string): string {
  return londonDateOf(parseInstant(instant));
}

/** Thrown when an instant or date of an event cannot be read (code INVALID_INSTANT). */
export class InvalidInstantError extends DecisionCoreError {
  constructor(message: string) {
    super('INVALID_INSTANT', message);
  }
}

/** Epoch milliseconds of an ISO-8601 instant with its offset; a value that is not one is refused, never guessed. */
export function parseInstant(instant: string): number {
  const ms = readInstant(instant);
  if (Number.isNaN(ms))
    throw new InvalidInstantError(`'${instant}' is not an ISO-8601 instant with an offset`);
  return ms;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function num(s: string, at: number, width: number): number {
  let v = 0;
  for (let i = at; i < at + width; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

// YYYY-MM-DDTHH:MM[:SS[.fff…]](Z|±HH[:]MM), read by hand: Date.parse is the slowest step of a decision, and
// it would accept forms (no offset: the machine's zone) that must be refused.
function readInstant(s: string): number {
  if (s.length < 17 || s[4] !== '-' || s[7] !== '-' || (s[10] !== 'T' && s[10] !== 't') || s[13] !== ':')
    return NaN;
  const year = num(s, 0, 4);
  const month = num(s, 5, 2);
  const day = num(s, 8, 2);
  const hour = num(s, 11, 2);
  const minute = num(s, 14, 2);
  let at = 16;
  let second = 0;
  let millis = 0;
  if (s[at] === ':') {
    second = num(s, at + 1, 2);
    at += 3;
    if (s[at] === '.' || s[at] === ',') {
      let scale = 100;
      at++;
      const from = at;
      for (; at < s.length && s.charCodeAt(at) >= 48 && s.charCodeAt(at) <= 57; at++) {
        millis += (s.charCodeAt(at) - 48) * scale;
        scale /= 10;
      }
      if (at === from) return NaN;
      millis = Math.floor(millis);
    }
  }
  let offset = 0;
  const zone = s[at];
  if ((zone === 'Z' || zone === 'z') && at + 1 === s.length) offset = 0;
  else if (zone === '+' || zone === '-') {
    const rest = s.length - at - 1;
    const oh = num(s, at + 1, 2);
    const om = rest === 5 && s[at + 3] === ':' ? num(s, at + 4, 2) : rest === 4 ? num(s, at + 3, 2) : NaN;
    if (!(oh <= 23 && om <= 59)) return NaN;
    offset = (zone === '+' ? 1 : -1) * (oh * 60 + om);
  } else return NaN;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (
    !(year >= 1000) ||
    !(month >= 1 && month <= 12) ||
    !(day >= 1 && day <= (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!)) ||
    !(hour <= 23 && minute <= 59 && second <= 59)
  )
    return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
}

/** "Within 24 hours": the instant plus 24 hours (docs/domain/deadlines.md). */
export function within24Hours(instant: string): string {
  return withinHours(instant, 24);
}

/** The instant plus a number of hours, printed in UTC to the second. */
export function withinHours(instant: string, hours: number): string {
  return formatUtcSecond(parseInstant(instant) + hours * 3_600_000);
}

const endOfDayCache = new Map<string, string>();

/** 23:59:59 Europe/London on a local date, as a UTC instant string. */
export function endOfLondonDay(date: string): string {
  let end = endOfDayCache.get(date);
  if (end === undefined) {
    const wall = Date.parse(`${date}T23:59:59Z`);
    if (Number.isNaN(wall) || !/^\d{4}-\d{2}-\d{2}$/.test(date))
      throw new InvalidInstantError(`'${date}' is not a date (YYYY-MM-DD)`);
    end = formatUtcSecond(londonWallToInstant(wall));
    endOfDayCache.set(date, end);
  }
  return end;
}

/** "Within N working days": the end (23:59:59 Europe/London) of the Nth working day after the local date of the instant. */
export function withinWorkingDays(
  instant: string,
  n: number,
  calendar: WorkingDayCalendar = ENGLAND_AND_WALES,
): string {
  return endOfLondonDay(calendar.nthWorkingDayAfter(londonDate(instant), n));
}

/** A MARAC share's due time: 23:59:59 Europe/London eight days before the meeting, or 24 h after listing if later (docs/domain/deadlines.md#marac-due-times). */
export function maracDue(listedAt: string, meetingDate: string, daysBefore = 8): string {
  const meeting = Date.parse(`${meetingDate}T00:00:00Z`);
  if (Number.isNaN(meeting)) throw new InvalidInstantError(`'${meetingDate}' is not a date (YYYY-MM-DD)`);
  const before = new Date(meeting - daysBefore * 86_400_000).toISOString().slice(0, 10);
  const a = endOfLondonDay(before);
  const b = within24Hours(listedAt);
  return parseInstant(a) >= parseInstant(b) ? a : b;
}

const ymd = (date: string): [number, number, number] => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new InvalidInstantError(`'${date}' is not a date (YYYY-MM-DD)`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
};

/** Whole years between a date of birth and a date (a 29 February birthday falls on 1 March in other years). */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const [by, bm, bd] = ymd(dateOfBirth);
  const [y, m, d] = ymd(onDate);
  let age = y - by;
  // Birthday this year: 29 Feb in a non-leap year counts as 1 March.
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const [birthMonth, birthDay] = bm === 2 && bd === 29 && !leap ? [3, 1] : [bm, bd];
  if (m < birthMonth || (m === birthMonth && d < birthDay)) age--;
  return age;
}

/**
 * Whether a child is in or past reception on `onDate`: from 1 September of the school year in which they turn 5
 * (an English school year runs 1 September to 31 August; docs/domain/routing.md#health-trafford).
 */
export function isSchoolAge(dateOfBirth: string, onDate: string): boolean {
  const [by, bm] = ymd(dateOfBirth);
  // The school year in which the child turns 5 starts on 1 September of (the year they turn 5, minus one if the
  // 5th birthday falls before September).
  const fifthBirthdayYear = by + 5;
  const birthdayBeforeSeptember = bm < 9;
  const receptionStartYear = birthdayBeforeSeptember ? fifthBirthdayYear - 1 : fifthBirthdayYear;
  return onDate >= `${receptionStartYear}-09-01`;
}
