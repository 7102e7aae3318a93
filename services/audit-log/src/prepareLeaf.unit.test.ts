import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.js';
import { canonicalRecord, canonicalRecordJson } from './canonicalRecord.js';
import { leafHash } from './merkle/leafHash.js';
import { prepareLeaf } from './prepareLeaf.js';
import { sampleAuditRecord } from './testing/sampleAuditRecord.js';

describe('prepareLeaf', () => {
  it('gives the canonical JSON without position and its RFC 6962 leaf hash, in bytes and hex', () => {
    const record = { ...sampleAuditRecord(7), position: { leafIndex: 3, leafHash: 'ab' } };
    const leaf = prepareLeaf(record);
    expect(leaf.auditId).toBe(record.auditId);
    expect(leaf.recordJson).toBe(canonicalRecordJson(sampleAuditRecord(7)));
    expect(leaf.digest).toEqual(leafHash(canonicalRecord(sampleAuditRecord(7))));
    expect(leaf.leafHash).toBe(toHex(leaf.digest));
  });

  it('gives a record of class instances the same leaf as its JSON form when asked to read them', () => {
    class Recipient {
      service = 'HEALTH_VISITING';
      teamId = 'hv-kent-1';
    }
    const record = { ...sampleAuditRecord(1), recipient: new Recipient() };
    expect(() => prepareLeaf(record)).toThrow('not a plain object');
    expect(prepareLeaf(record, { classInstances: true })).toEqual(
      prepareLeaf(JSON.parse(JSON.stringify(record)) as typeof record),
    );
  });
});
