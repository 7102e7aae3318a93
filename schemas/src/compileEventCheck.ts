import avro from 'avsc';
import { checkString, STRING_FIELD_FORMATS } from './stringFormats.js';

type Check = (value: unknown) => boolean;

const yes: Check = () => true;

function compile(type: avro.Type, field: string | undefined): Check {
  if (avro.Type.isType(type, 'union:unwrapped')) {
    const inner = (type as avro.types.UnwrappedUnionType).types.find((t) => !avro.Type.isType(t, 'null'));
    if (!inner) return yes;
    const check = compile(inner, field);
    return (v) => v === null || v === undefined || check(v);
  }
  if (avro.Type.isType(type, 'record')) {
    const fields = (type as avro.types.RecordType).fields.map((f) => [f.name, compile(f.type, f.name)] as const);
    return (v) => {
      if (typeof v !== 'object' || v === null) return true;
      for (const [name, check] of fields) {
        const value = (v as Record<string, unknown>)[name];
        if (value !== null && value !== undefined && !check(value)) return false;
      }
      return true;
    };
  }
  if (avro.Type.isType(type, 'array')) {
    const check = compile((type as avro.types.ArrayType).itemsType, field);
    return (v) => !Array.isArray(v) || v.every((item) => item === null || item === undefined || check(item));
  }
  if (avro.Type.isType(type, 'enum')) {
    // The symbols reserved for readers of future versions, refused on input (as validateEvent does).
    const reserved =
      (type as avro.types.EnumType).name === 'org.sharehub.events.EducationSetting' ? ['OTHER'] : ['UNKNOWN', 'OTHER'];
    return (v) => !reserved.includes(v as string);
  }
  if (avro.Type.isType(type, 'string')) {
    const format = (field !== undefined && STRING_FIELD_FORMATS[field]) || 'line';
    return (v) => typeof v !== 'string' || checkString(format, v) === undefined;
  }
  return yes;
}

/**
 * Compiles the fast check of a JSON event against its Avro schema: true exactly when `validateEvent` would find no
 * problem (the schema's types with no undeclared field, no reserved enum symbol, every string of its format), in
 * one pass over the body that stops at the first problem and builds no path. The gateway runs it first and
 * `validateEvent`, which names every problem, only for a body that fails it.
 */
export function compileEventCheck(type: avro.Type): (json: unknown) => boolean {
  const check = compile(type, undefined);
  return (json) =>
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    type.isValid(json, { noUndeclaredFields: true }) &&
    check(json);
}
