import { describe, expect, it } from 'vitest';
import { fingerprintBytes, fingerprintHex, rabinFingerprint } from './rabinFingerprint.js';

// Published CRC-64-AVRO fingerprints (signed decimal) from apache/avro share/test/data/schema-tests.txt, the test
// data of the Avro specification's "Schema Fingerprints" section (cases 000-014 and 019).
const VECTORS: ReadonlyArray<[string, string]> = [
  ['"null"', '7195948357588979594'],
  ['"boolean"', '-6970731678124411036'],
  ['"int"', '8247732601305521295'],
  ['"long"', '-3434872931120570953'],
  ['"float"', '5583340709985441680'],
  ['"double"', '-8181574048448539266'],
  ['"bytes"', '5746618253357095269'],
  ['"string"', '-8142146995180207161'],
  ['{"name":"foo","type":"record","fields":[]}', '-4824392279771201922'],
];

describe('rabinFingerprint (CRC-64-AVRO)', () => {
  it.each(VECTORS)('fingerprints %s as %s', (canonical, expected) => {
    expect(BigInt.asIntN(64, rabinFingerprint(canonical)).toString()).toBe(expected);
  });

  it('puts the fingerprint on the wire little-endian (the Ruby test of the single-object header: c3 01 8f 5c 39 3f 1a d5 75 72)', () => {
    const fp = rabinFingerprint('"int"');
    expect(fingerprintHex(fp)).toBe('7275d51a3f395c8f');
    expect(Buffer.from(fingerprintBytes(fp)).toString('hex')).toBe('8f5c393f1ad57572');
  });
});
