import type { FieldProblem } from '../errors.js';

/** A dashboard's filter (the IG dashboard, a team's) as the page reads it: the dates as typed (to fill the form again), and the query. */
export interface DashboardForm {
  readonly values: { readonly from: string; readonly to: string; readonly area: string };
  readonly problems: readonly FieldProblem[];
  /** The range `[from, to)` as instants (London midnights; `to` is the day after the last day shown) and areas. */
  readonly query: { readonly from: string; readonly to: string; readonly areas: readonly string[] };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY = 86_400_000;
/** The longest range the page counts at once (a quarter). */
const MAX_DASHBOARD_DAYS = 92;
const LONDON_OFFSET = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  timeZoneName: 'longOffset',
});
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** London midnight at the start of a calendar date (the UK's clocks change at 01:00 UTC, never around midnight). */
function londonMidnight(date: string): string {
  const utcMidnight = new Date(`${date}T00:00:00.000Z`);
  const zone =
    LONDON_OFFSET.formatToParts(utcMidnight).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = zone === 'GMT' ? '+00:00' : zone.slice(3);
  return new Date(`${date}T00:00:00.000${offset}`).toISOString();
}

const isRealDate = (text: string) =>
  DATE.test(text) && new Date(`${text}T00:00:00.000Z`).toISOString().slice(0, 10) === text;

/**
 * Reads the dashboard's GET form: `from` and `to` are London calendar dates (what `<input type="date">` sends), both
 * days included, by default the seven days to today; `area` is one of the caller's areas, or empty for all of them.
 * A date that is not one, a range backwards or longer than {@link MAX_DASHBOARD_DAYS} days, or an area the caller
 * does not hold is a problem named by its field.
 */
export function dashboardFormQuery(
  query: Record<string, unknown>,
  callerAreas: readonly string[],
  now: string,
): DashboardForm {
  const text = (name: string) => (typeof query[name] === 'string' ? query[name].trim() : '');
  const today = LONDON_DATE.format(new Date(now));
  const weekAgo = new Date(Date.parse(`${today}T00:00:00.000Z`) - 6 * DAY).toISOString().slice(0, 10);
  const values = { from: text('from') || weekAgo, to: text('to') || today, area: text('area') };
  const problems: FieldProblem[] = [];
  for (const name of ['from', 'to'] as const)
    if (!isRealDate(values[name]))
      problems.push({ path: name, code: 'INVALID', message: `must be a date (year-month-day)` });
  if (problems.length === 0) {
    const days = (Date.parse(values.to) - Date.parse(values.from)) / DAY + 1;
    if (days < 1)
      problems.push({ path: 'to', code: 'INVALID', message: 'must be on or after the start date' });
    else if (days > MAX_DASHBOARD_DAYS)
      problems.push({
        path: 'to',
        code: 'INVALID',
        message: `must be at most ${MAX_DASHBOARD_DAYS} days after the start date`,
      });
  }
  if (values.area !== '' && !callerAreas.includes(values.area))
    problems.push({ path: 'area', code: 'NOT_YOURS', message: 'must be one of your areas' });
  const next = isRealDate(values.to)
    ? new Date(Date.parse(`${values.to}T00:00:00.000Z`) + DAY).toISOString().slice(0, 10)
    : today;
  return {
    values,
    problems,
    query: {
      from: problems.length ? now : londonMidnight(values.from),
      to: problems.length ? now : londonMidnight(next),
      areas: values.area ? [values.area] : callerAreas,
    },
  };
}
