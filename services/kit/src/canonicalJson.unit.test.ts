import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson } from './canonicalJson.js';

describe('canonicalJson', () => {
  it('sorts keys and drops whitespace (RFC 8785)', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1.5, y: 1e21 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"y":1e+21,"z":1.5}}',
    );
  });
  it('hashes equal bodies equally, whatever their key order', () => {
    expect(canonicalHash({ a: 1, b: 2 })).toBe(canonicalHash(JSON.parse('{ "b": 2, "a": 1 }')));
    expect(canonicalHash({ a: 1 })).not.toBe(canonicalHash({ a: 2 }));
  });
});
