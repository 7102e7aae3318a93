/** The search form's query string, read for the page and turned into the IG API's search parameters. */
export interface SearchForm {
  /** Whether the form was submitted (any parameter at all), so the page shows results. */
  readonly searched: boolean;
  /** The non-empty values as typed, to fill the form again and build the paging links (no cursor). */
  readonly values: Readonly<Record<string, string>>;
  readonly cursor: string | undefined;
  /** What `searchRecords` (and so `parseSearchQuery`) is given: the same names as `GET /v1/audit/records`. */
  readonly apiQuery: Readonly<Record<string, unknown>>;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * Reads the `/ig` search form: drops empty fields (a plain HTML form sends every field), joins repeated `kind`
 * values with commas, and reads `from`/`to` without an offset (what `<input type="datetime-local">` sends) as UK
 * time. Everything else is left for `parseSearchQuery` to judge, so the page and the API accept the same searches.
 */
export function searchFormQuery(query: Record<string, unknown>): SearchForm {
  const values: Record<string, string> = {};
  const apiQuery: Record<string, unknown> = {};
  let cursor: string | undefined;
  for (const [name, raw] of Object.entries(query)) {
    let value = raw;
    if (Array.isArray(value) && name === 'kind') value = value.filter((v) => v !== '').join(',');
    if (value === '' || value === undefined) continue;
    if (name === 'cursor') {
      cursor = typeof value === 'string' ? value : undefined;
      apiQuery.cursor = value;
      continue;
    }
    values[name] = typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : '';
    apiQuery[name] =
      (name === 'from' || name === 'to') && typeof value === 'string' ? ukTimeToInstant(value) : value;
  }
  return { searched: Object.keys(query).length > 0, values, cursor, apiQuery };
}

/** `2026-03-14T23:40` as UK time (GMT or BST) to an ISO instant; anything else unchanged. */
function ukTimeToInstant(text: string): string {
  const m = LOCAL.exec(text);
  if (!m) return text;
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = m.slice(1).map((v) => Number(v ?? 0));
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  // A day or hour out of range would roll over silently; leave it for parseSearchQuery to refuse.
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || check.getUTCHours() !== h) return text;
  // Two rounds find the offset in force at the instant itself, across the clock changes.
  let utc = wall - londonOffsetMs(wall);
  utc = wall - londonOffsetMs(utc);
  return new Date(utc).toISOString();
}

function londonOffsetMs(utcMs: number): number {
  const parts = LONDON_PARTS.formatToParts(new Date(utcMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}
