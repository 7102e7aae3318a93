import { describe, expect, it } from 'vitest';
import { canonicalRecord, canonicalRecordJson, type AuditRecordJson } from './canonicalRecord.js';
import { AuditRecordError } from './errors.js';
import { sampleAuditRecord } from './testing/sampleAuditRecord.js';

describe('canonicalRecord', () => {
  it('is RFC 8785 JSON: keys sorted by UTF-16 code units, no whitespace, ES number forms, UTF-8', () => {
    const record = {
      auditId: 'a',
      z: 1,
      b: [3, 'x'],
      é: true,
      A: null,
      n: 1e21,
      m: 0.000001,
      f: -0,
      q: 'ü€😀',
    };
    const text =
      '{"A":null,"auditId":"a","b":[3,"x"],"f":0,"m":0.000001,"n":1e+21,"q":"ü€😀","z":1,"é":true}';
    expect(canonicalRecordJson(record)).toBe(text);
    expect(Buffer.from(canonicalRecord(record)).toString('utf8')).toBe(text);
    expect(canonicalRecord(record)).toHaveLength(Buffer.byteLength(text, 'utf8'));
  });

  it('matches the RFC 8785 section 3.2.2 number and string examples', () => {
    const record = {
      auditId: 'x',
      numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
      string: '€$\u000f\nA\'B"\\\\"/',
      literals: [null, true, false],
    };
    expect(canonicalRecordJson(record)).toBe(
      '{"auditId":"x","literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('is the same whatever the key order, and leaves out position', () => {
    const record = sampleAuditRecord(7);
    const reordered = Object.fromEntries(Object.entries(record).reverse()) as AuditRecordJson;
    const placed = { ...record, position: { leafIndex: 7, leafHash: 'f'.repeat(64) } };
    expect(canonicalRecordJson(reordered)).toBe(canonicalRecordJson(record));
    expect(canonicalRecordJson(placed)).toBe(canonicalRecordJson(record));
    expect(canonicalRecordJson(record)).not.toContain('position');
  });

  it('treats an undefined field as absent, as JSON does', () => {
    expect(canonicalRecordJson({ auditId: 'a', reason: undefined })).toBe('{"auditId":"a"}');
  });

  it('refuses what is not a JSON audit record', () => {
    const bad: unknown[] = [
      null,
      [],
      'text',
      {},
      { auditId: '' },
      { auditId: 'a', n: Number.NaN },
      { auditId: 'a', n: Infinity },
      { auditId: 'a', nested: { f: () => 1 } },
      { auditId: 'a', big: 1n },
      { auditId: 'a', when: new Date(0) },
      { auditId: 'a', list: [undefined] },
    ];
    for (const value of bad)
      expect(() => canonicalRecordJson(value as AuditRecordJson)).toThrow(AuditRecordError);
  });
});
