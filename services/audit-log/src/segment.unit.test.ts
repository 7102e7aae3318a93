import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.js';
import { canonicalRecordJson } from './canonicalRecord.js';
import { SegmentFormatError } from './errors.js';
import { leafHash } from './merkle/leafHash.js';
import {
  checkpointKey,
  decodeSegment,
  encodeSegment,
  parseCheckpointKey,
  parseSegmentKey,
  segmentKey,
  type SegmentLeaf,
} from './segment.js';
import { sampleAuditRecord } from './testing/sampleAuditRecord.js';

const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string;

const leaves = (from: number, to: number): SegmentLeaf[] =>
  Array.from({ length: to - from }, (_, i) => {
    const recordJson = canonicalRecordJson(sampleAuditRecord(from + i));
    return {
      leafIndex: from + i,
      leafHash: toHex(leafHash(new TextEncoder().encode(recordJson))),
      recordJson,
    };
  });

describe('segment', () => {
  it('names objects with zero-padded counts so lexicographic order is leaf order', () => {
    expect(segmentKey('audit', 0, 1000)).toBe('segments/audit/000000000000-000000001000.jsonl');
    expect(checkpointKey('audit', 1000)).toBe('checkpoints/audit/000000001000.jws');
    expect(parseSegmentKey('audit', 'segments/audit/000000001000-000000001234.jsonl')).toEqual({
      start: 1000,
      end: 1234,
    });
    expect(parseCheckpointKey('audit', 'checkpoints/audit/000000001234.jws')).toBe(1234);
    expect(parseSegmentKey('audit', 'segments/audit/1000-1234.jsonl')).toBeUndefined();
    expect(parseSegmentKey('audit', 'segments/other/000000001000-000000001234.jsonl')).toBeUndefined();
    expect(parseSegmentKey('audit', 'segments/audit/000000001234-000000001234.jsonl')).toBeUndefined();
    expect(() => segmentKey('audit', 5, 5)).toThrow(SegmentFormatError);
    expect(() => segmentKey('../x', 0, 1)).toThrow(SegmentFormatError);
    expect(() => checkpointKey('audit', 10 ** 12)).toThrow(SegmentFormatError);
  });

  it('writes each leaf as one canonical JSON line, the same bytes every time', () => {
    const bytes = encodeSegment(leaves(10, 13));
    const text = Buffer.from(bytes).toString('utf8');
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    for (const line of lines.slice(0, 3)) expect(canonicalize(JSON.parse(line))).toBe(line);
    expect(JSON.parse(lines[0]!)).toMatchObject({ leafIndex: 10, record: { auditId: 'audit-00000010' } });
    expect(encodeSegment(leaves(10, 13))).toEqual(bytes);
  });

  it('reads back each leaf with the hash its record really has', () => {
    const written = leaves(0, 5);
    const read = decodeSegment(encodeSegment(written));
    expect(read).toHaveLength(5);
    read.forEach((line, i) => {
      expect(line.ok).toBe(true);
      if (line.ok) {
        expect(line).toMatchObject({ line: i, ...written[i] });
        expect(line.computedLeafHash).toBe(line.leafHash);
      }
    });
  });

  it('reports, never throws, on lines that are not leaves', () => {
    const good = Buffer.from(encodeSegment(leaves(0, 1))).toString('utf8');
    const cases: [string, string][] = [
      ['{"leafHash":"00","leafIndex":0,"record":{"auditId":"a"}}\n', 'leafHash'],
      [good.replace('"leafIndex":0', '"leafIndex": 0'), 'canonical'],
      [good.replace('"leafIndex":0', '"leafIndex":-1'), 'leafIndex'],
      [good.replace('{"leafHash"', '{"extra":1,"leafHash"'), 'fields'],
      [good.trimEnd(), 'terminated'],
      ['\n', 'JSON'],
      ['[1]\n', 'object'],
      ['{"leafHash":"' + '0'.repeat(64) + '","leafIndex":0,"record":{"x":1}}\n', 'audit record'],
    ];
    for (const [text, reason] of cases) {
      const [line] = decodeSegment(new TextEncoder().encode(text));
      expect(line?.ok, text).toBe(false);
      if (line && !line.ok) expect(line.reason).toContain(reason);
    }
    const [invalidUtf8] = decodeSegment(Uint8Array.from([0xff, 0x0a]));
    expect(invalidUtf8).toEqual({ ok: false, line: 0, reason: 'not UTF-8 JSON' });
  });
});
