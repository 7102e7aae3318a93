import avro from 'avsc';

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses 'YYYY-MM-DD' into days since 1970-01-01, or undefined when it is not a real calendar date. */
export function parseDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE_RE.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== Number(m[1]) ||
    back.getUTCMonth() !== Number(m[2]) - 1 ||
    back.getUTCDate() !== Number(m[3])
  )
    return undefined;
  return Math.round(ms / DAY_MS);
}

/** Parses an ISO-8601 instant with an offset into epoch milliseconds, or undefined. */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value !== 'string' || !INSTANT_RE.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The hub's printed form of an instant: UTC with `Z`, milliseconds only when not zero. */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** Avro `date` (int days) in memory as 'YYYY-MM-DD' (the JSON form of docs/domain/events.md). */
export class DateStringType extends avro.types.LogicalType {
  protected override _fromValue(days: number): string {
    return new Date(days * DAY_MS).toISOString().slice(0, 10);
  }
  protected override _toValue(value: unknown): number | undefined {
    return parseDate(value);
  }
  protected override _resolve(type: avro.Type): ((v: unknown) => unknown) | undefined {
    if (avro.Type.isType(type, 'logical:date') || avro.Type.isType(type, 'int')) return (v) => v;
    return undefined;
  }
}

/** Avro `timestamp-millis` (long) in memory as an ISO-8601 string in UTC. */
export class InstantStringType extends avro.types.LogicalType {
  protected override _fromValue(ms: number): string {
    return formatInstant(ms);
  }
  protected override _toValue(value: unknown): number | undefined {
    return parseInstant(value);
  }
  protected override _resolve(type: avro.Type): ((v: unknown) => unknown) | undefined {
    if (avro.Type.isType(type, 'logical:timestamp-millis') || avro.Type.isType(type, 'long')) return (v) => v;
    return undefined;
  }
}

/** The logical types every schema of the hub is parsed with. */
export const LOGICAL_TYPES = { date: DateStringType, 'timestamp-millis': InstantStringType } as const;
