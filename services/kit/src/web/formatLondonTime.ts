const options: Intl.DateTimeFormatOptions = {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
};
const TO_MINUTE = new Intl.DateTimeFormat('en-GB', options);
const TO_SECOND = new Intl.DateTimeFormat('en-GB', { ...options, second: '2-digit' });

/**
 * An instant as people read it on a page: Europe/London local time with its zone (deadlines are shown in London time,
 * docs/domain/deadlines.md), e.g. "Fri, 20 Mar 2026, 23:59 GMT"; to the second for audit records. `—` for none; else as given.
 */
export function formatLondonTime(
  iso: string | null | undefined,
  precision: 'minute' | 'second' = 'minute',
): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return (precision === 'second' ? TO_SECOND : TO_MINUTE).format(new Date(ms));
}
