import { londonDay } from './londonDay.js';

/** The Monday (London calendar) of the week an ISO-8601 instant falls in, as YYYY-MM-DD. */
export function londonWeek(instant: string): string {
  const day = new Date(`${londonDay(instant)}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}
