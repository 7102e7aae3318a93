import fc from 'fast-check';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson } from './canonicalJson.js';
import { NotJsonError } from './canonicalJson.js';

// The `canonicalize` package (RFC 8785, by one of its authors) as the oracle.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string;

describe('canonicalJson', () => {
  it('writes exactly what the canonicalize package writes, for any JSON value', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 }), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('is a fixed point: its output read back and written again is the same text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 4 }), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('drops undefined properties as JSON does, and names where a non-JSON value is', () => {
    expect(canonicalJson({ b: 1, a: undefined })).toBe('{"b":1}');
    expect(() => canonicalJson({ a: [1, { b: Number.NaN }] })).toThrow('$.a[1].b is not a finite number');
    expect(() => canonicalJson([undefined])).toThrow(NotJsonError);
    expect(() => canonicalJson({ at: new Date(0) })).toThrow('$.at is not a plain object');
    expect(() => canonicalJson({ n: 1n })).toThrow('$.n is not a JSON value (bigint)');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { z: 1, y: 2 }))).toBe('{"y":2,"z":1}');
  });

  it('with classInstances, reads class instances (as avsc decodes records) as JSON.stringify does, still refusing toJSON objects', () => {
    class Source {
      constructor(
        readonly type: string,
        readonly ref: string,
      ) {}
      describe(): string {
        return this.type;
      }
    }
    const value = { b: new Source('INCIDENT', 'inc-1'), a: [new Source('CARE_PLAN', 'cp-1')] };
    expect(() => canonicalJson(value)).toThrow('$.a[0] is not a plain object');
    expect(canonicalJson(value, '$', { classInstances: true })).toBe(
      canonicalize(JSON.parse(JSON.stringify(value))),
    );
    expect(() => canonicalJson({ at: new Date(0) }, '$', { classInstances: true })).toThrow(
      '$.at is not a plain object',
    );
    expect(() => canonicalJson({ b: Buffer.from('x') }, '$', { classInstances: true })).toThrow(
      '$.b is not a plain object',
    );
  });
  it('hashes equal bodies equally, whatever their key order', () => {
    expect(canonicalHash({ a: 1, b: 2 })).toBe(canonicalHash(JSON.parse('{ "b": 2, "a": 1 }')));
    expect(canonicalHash({ a: 1 })).not.toBe(canonicalHash({ a: 2 }));
  });
});
