import { DateTime } from 'luxon';
import type { WorkingDayCalendar } from './bankHolidays.js';

/** The zone every local date and deadline of the hub is taken in (DOMAIN.md section 9). */
export const LONDON = 'Europe/London';

/** An instant printed as EVENTS.md wants it: UTC, to the second, with Z. */
export function formatUtcSecond(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The Europe/London local date (YYYY-MM-DD) of an instant. */
export function londonDate(instant: string): string {
  return DateTime.fromISO(instant, { setZone: true }).setZone(LONDON).toISODate()!;
}

/** "Within 24 hours": the instant plus 24 hours (DOMAIN.md section 9). */
export function within24Hours(instant: string): string {
  return formatUtcSecond(Date.parse(instant) + 24 * 3600 * 1000);
}

/** 23:59:59 Europe/London on a local date, as a UTC instant string. */
export function endOfLondonDay(date: string): string {
  return formatUtcSecond(DateTime.fromISO(`${date}T23:59:59`, { zone: LONDON }).toMillis());
}

/** "Within N working days": the end (23:59:59 Europe/London) of the Nth working day after the local date of the instant. */
export function withinWorkingDays(instant: string, n: number, calendar: WorkingDayCalendar): string {
  let day = DateTime.fromISO(londonDate(instant), { zone: 'utc' });
  let counted = 0;
  while (counted < n) {
    day = day.plus({ days: 1 });
    if (calendar.isWorkingDay(day.toISODate()!)) counted++;
  }
  return endOfLondonDay(day.toISODate()!);
}

/** A MARAC share's due time: 23:59:59 Europe/London eight days before the meeting, or 24 h after listing if later (DOMAIN.md 6). */
export function maracDue(listedAt: string, meetingDate: string, daysBefore = 8): string {
  const before = DateTime.fromISO(meetingDate, { zone: 'utc' }).minus({ days: daysBefore }).toISODate()!;
  const a = endOfLondonDay(before);
  const b = within24Hours(listedAt);
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** Whole years between a date of birth and a date (a 29 February birthday falls on 1 March in other years). */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  let age = y - by;
  // Birthday this year: 29 Feb in a non-leap year counts as 1 March.
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const [birthMonth, birthDay] = bm === 2 && bd === 29 && !leap ? [3, 1] : [bm, bd];
  if (m < birthMonth || (m === birthMonth && d < birthDay)) age--;
  return age;
}

/**
 * Whether a child is in or past reception on `onDate`: from 1 September of the school year in which they turn 5
 * (an English school year runs 1 September to 31 August; DOMAIN.md section 4).
 */
export function isSchoolAge(dateOfBirth: string, onDate: string): boolean {
  const [by, bm] = dateOfBirth.split('-').map(Number) as [number, number];
  // The school year in which the child turns 5 starts on 1 September of (the year they turn 5, minus one if the
  // 5th birthday falls before September).
  const fifthBirthdayYear = by + 5;
  const birthdayBeforeSeptember = bm < 9;
  const receptionStartYear = birthdayBeforeSeptember ? fifthBirthdayYear - 1 : fifthBirthdayYear;
  return onDate >= `${receptionStartYear}-09-01`;
}
