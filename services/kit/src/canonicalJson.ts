import { createHash } from 'node:crypto';
import { SharehubError } from './errors.js';

/** A value has no JSON form (NaN, a bigint, a Date, `undefined` in an array...); the message names where. */
export class NotJsonError extends SharehubError {
  constructor(message: string) {
    super('NOT_JSON', message, 'invalid');
  }
}

/** Options of {@link canonicalJson}. */
export interface CanonicalJsonOptions {
  /**
   * Also read objects of other classes (e.g. the record classes avsc decodes into) by their own enumerable
   * properties, as `JSON.stringify` reads them; an object with a `toJSON` method (Date, Buffer) is still refused.
   */
  readonly classInstances?: boolean;
}

/**
 * RFC 8785 (JCS) canonical JSON of a plain JSON value: object keys sorted by UTF-16 code units, no whitespace,
 * numbers and strings as ECMAScript's JSON.stringify writes them. Object properties that are `undefined` are
 * absent, as in JSON; anything else that is not JSON (NaN, Infinity, bigint, functions, class instances such as
 * Date, `undefined` in an array) throws `NotJsonError` naming where it is. Held to the `canonicalize` package
 * by a property test; written here so that checking and writing take one pass (the audit log writer's largest cost).
 * The one canonical JSON of the hub: request bodies, rulesets and directories, audit records, checkpoints.
 */
export function canonicalJson(value: unknown, path = '$', options: CanonicalJsonOptions = {}): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(`${path} is not a finite number`);
      return JSON.stringify(value); // ES Number::toString, the JCS number form; -0 is written 0
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          if (item === undefined) throw new NotJsonError(`${path}[${i}] is undefined`);
          out += canonicalJson(item, `${path}[${i}]`, options);
        }
        return `${out}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (
        proto !== Object.prototype &&
        proto !== null &&
        !(options.classInstances && typeof (value as { toJSON?: unknown }).toJSON !== 'function')
      )
        throw new NotJsonError(`${path} is not a plain object`);
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const item = record[key];
        if (item === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item, `${path}.${key}`, options)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new NotJsonError(`${path} is not a JSON value (${typeof value})`);
  }
}

/** SHA-256 (hex) of a value's canonical JSON: equal for equal bodies, whatever their key order or spacing. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
