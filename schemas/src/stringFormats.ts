import avro from 'avsc';
import { walkEvent } from './walkEvent.js';

/** One kind of string a published event holds: its pattern (ECMA-262, as in OpenAPI) and its length limit. */
export interface StringFormat {
  /** The pattern the whole value must match (documented as is in contracts/openapi.yaml). */
  readonly pattern: string;
  /** The most characters (Unicode code points) the value may have. */
  readonly maxLength: number;
  /** Whether tab, line feed and carriage return are allowed (free text only). */
  readonly multiline: boolean;
  readonly description: string;
}

/** The string formats of published events (ADR 0042; contracts/openapi.yaml `components.schemas`). */
export const STRING_FORMATS = {
  uuid: {
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    maxLength: 36,
    multiline: false,
    description: 'a UUID in its 8-4-4-4-12 hexadecimal form',
  },
  identifier: {
    pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$',
    maxLength: 64,
    multiline: false,
    description: 'an id, reference or code: ASCII letters and digits, then also . _ : / -',
  },
  postcode: {
    pattern: '^[A-Za-z0-9]+( [A-Za-z0-9]+)?$',
    maxLength: 10,
    multiline: false,
    description: 'a postcode: ASCII letters and digits, at most one space between them',
  },
  line: {
    pattern: '^[^\\x00-\\x1F\\x7F-\\x9F]*$',
    maxLength: 200,
    multiline: false,
    description: 'one line of text (a name): any character but a control character',
  },
  text: {
    pattern: '^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*$',
    maxLength: 10_000,
    multiline: true,
    description:
      'free text: any character but a control character other than tab, line feed and carriage return',
  },
} as const satisfies Record<string, StringFormat>;

/** The name of a string format. */
export type StringFormatName = keyof typeof STRING_FORMATS;

/**
 * The format of each string field of a published event, by field name (the same name means the same thing in
 * every event; an array of strings takes its field's name). A string field not named here is one line of text.
 */
export const STRING_FIELD_FORMATS: Readonly<Record<string, StringFormatName>> = {
  eventId: 'uuid',
  area: 'identifier',
  forceCode: 'identifier',
  incidentRef: 'identifier',
  carePlanRef: 'identifier',
  maracCaseRef: 'identifier',
  previousShareRef: 'identifier',
  personId: 'identifier',
  subjectPersonId: 'identifier',
  householdKey: 'identifier',
  uprn: 'identifier',
  schoolUrn: 'identifier',
  previousSchoolUrn: 'identifier',
  gpPracticeCode: 'identifier',
  openToAdultService: 'identifier',
  officerCollarNumber: 'identifier',
  recordedBy: 'identifier',
  referringAgency: 'identifier',
  criteria: 'identifier',
  postcode: 'postcode',
  givenName: 'line',
  familyName: 'line',
  issuedBy: 'line',
  summary: 'text',
  reason: 'text',
};

/** One problem of a string value against its format (no part of the value is repeated in it). */
export interface StringProblem {
  readonly code: 'CONTROL_CHARACTER' | 'TOO_LONG' | 'INVALID_FORMAT';
  readonly message: string;
}

const compiled = new Map<StringFormatName, RegExp>(
  Object.entries(STRING_FORMATS).map(([name, f]) => [name as StringFormatName, new RegExp(f.pattern, 'u')]),
);
// C0 and C1 controls and DEL; tab, LF and CR are allowed in free text only.
const CONTROL = /[\x00-\x1F\x7F-\x9F]/u;
const CONTROL_IN_TEXT = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/u;
// A lone surrogate has no UTF-8 form: the database (and Avro's UTF-8) would get a replacement character instead.
const LONE_SURROGATE = /\p{Cs}/u;

/** The first problem of `value` against format `name`, or undefined when it is well-formed. */
export function checkString(name: StringFormatName, value: string): StringProblem | undefined {
  const format: StringFormat = STRING_FORMATS[name];
  const control = (format.multiline ? CONTROL_IN_TEXT : CONTROL).exec(value);
  if (control) {
    const codePoint = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return {
      code: 'CONTROL_CHARACTER',
      message: `must not hold the control character U+${codePoint} (at character ${control.index})`,
    };
  }
  if (LONE_SURROGATE.test(value))
    return { code: 'CONTROL_CHARACTER', message: 'must be well-formed Unicode (it holds a lone surrogate)' };
  if (value.length > format.maxLength && [...value].length > format.maxLength)
    return { code: 'TOO_LONG', message: `must be at most ${format.maxLength} characters` };
  if (!compiled.get(name)!.test(value))
    return { code: 'INVALID_FORMAT', message: `must be ${format.description}` };
  return undefined;
}

/** The format of a string field, from its path parts (`['children', '0', 'personId']` → `identifier`). */
export function formatOfField(parts: readonly string[]): StringFormatName {
  const field = [...parts].reverse().find((p) => !/^\d+$/.test(p));
  return (field !== undefined && STRING_FIELD_FORMATS[field]) || 'line';
}

/** Walks a JSON event beside its Avro schema and reports every string that breaks its field's format. */
export function stringProblems(
  type: avro.Type,
  value: unknown,
  parts: string[],
  report: (parts: string[], problem: StringProblem) => void,
): void {
  walkEvent(type, value, parts, (t, v, at) => {
    if (!avro.Type.isType(t, 'string') || typeof v !== 'string') return;
    const problem = checkString(formatOfField(at), v);
    if (problem) report(at, problem);
  });
}
