import avro from 'avsc';
import { stringProblems } from './stringFormats.js';
import { walkEvent } from './walkEvent.js';

/** One problem with a JSON event, located by its field path (e.g. `children[0].education.setting`). */
export interface EventProblem {
  readonly path: string;
  readonly code:
    | 'REQUIRED'
    | 'INVALID_TYPE'
    | 'INVALID_ENUM'
    | 'INVALID_DATE'
    | 'INVALID_INSTANT'
    | 'UNKNOWN_FIELD'
    | 'NOT_ALLOWED'
    | 'REQUIRED_WITH'
    | 'CONTROL_CHARACTER'
    | 'TOO_LONG'
    | 'INVALID_FORMAT';
  readonly message: string;
}

/** Joins avsc's path parts into `a.b[0].c`. */
export function formatPath(parts: readonly string[]): string {
  return parts.reduce(
    (acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
    '',
  );
}

function describe(type: avro.Type, value: unknown): Pick<EventProblem, 'code' | 'message'> {
  const logical = (type as { typeName?: string }).typeName;
  if (value === undefined) return { code: 'REQUIRED', message: 'is required' };
  if (logical === 'logical:date') return { code: 'INVALID_DATE', message: 'must be a date YYYY-MM-DD' };
  if (logical === 'logical:timestamp-millis')
    return {
      code: 'INVALID_INSTANT',
      message: 'must be an ISO-8601 instant with an offset, e.g. 2026-03-14T22:10:00Z',
    };
  if (avro.Type.isType(type, 'enum')) {
    return {
      code: 'INVALID_ENUM',
      message: `must be one of ${(type as avro.types.EnumType).symbols.filter((s) => s !== 'UNKNOWN' && s !== 'OTHER').join(', ')}`,
    };
  }
  if (avro.Type.isType(type, 'union:unwrapped')) {
    const inner = (type as avro.types.UnwrappedUnionType).types.find((t) => !avro.Type.isType(t, 'null'));
    if (inner) return describe(inner, value);
  }
  return { code: 'INVALID_TYPE', message: `must be ${typeWord(type)}` };
}

function typeWord(type: avro.Type): string {
  const name = (type as { typeName?: string }).typeName ?? 'a value';
  if (name === 'record') return 'an object';
  if (name === 'array') return 'an array';
  if (name === 'boolean') return 'true or false';
  if (name === 'int' || name === 'long') return 'an integer';
  return `a ${name}`;
}

/**
 * Every problem of a JSON event against its Avro schema (not just the first), with paths and stable codes, plus
 * unknown fields. Symbols reserved for readers of future versions (`UNKNOWN`, `OTHER`) are refused on input, and
 * every string must be of its field's format (`STRING_FORMATS`: no control characters, a pattern, a length).
 */
export function validateEvent(type: avro.Type, json: unknown): EventProblem[] {
  const problems: EventProblem[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return [{ path: '', code: 'INVALID_TYPE', message: 'the body must be a JSON object' }];
  type.isValid(json, {
    errorHook: (parts: string[], value: unknown, t: avro.Type) => {
      problems.push({ path: formatPath(parts), ...describe(t, value) });
    },
  });
  reservedSymbols(type, json, [], problems);
  stringProblems(type, json, [], (parts, problem) => problems.push({ path: formatPath(parts), ...problem }));
  return problems;
}

/** What avsc does not report, found beside the schema: unknown fields and reserved enum symbols. */
function reservedSymbols(type: avro.Type, value: unknown, parts: string[], problems: EventProblem[]): void {
  walkEvent(type, value, parts, (t, v, at) => {
    if (avro.Type.isType(t, 'enum')) {
      if (
        (v === 'UNKNOWN' && (t as avro.types.EnumType).name !== 'org.sharehub.events.EducationSetting') ||
        v === 'OTHER'
      )
        problems.push({ path: formatPath(at), ...describe(t, Symbol.for('reserved')), code: 'INVALID_ENUM' });
    } else if (avro.Type.isType(t, 'record') && typeof v === 'object' && !Array.isArray(v)) {
      const declared = new Set((t as avro.types.RecordType).fields.map((f) => f.name));
      for (const key of Object.keys(v as object))
        if (!declared.has(key))
          problems.push({
            path: formatPath([...at, key]),
            code: 'UNKNOWN_FIELD',
            message: 'is not a field of this event',
          });
    }
  });
}
