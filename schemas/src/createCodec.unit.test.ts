import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AVRO_DIR, describeVersion, loadCatalogue, parseSchema, type SchemaVersion } from './catalogue.js';
import { checkCompatibility } from './checkCompatibility.js';
import { createCodec } from './createCodec.js';
import { DecodeError } from './DecodeError.js';
import { newAuditRecord } from './newAuditRecord.js';
import type { IncidentRecorded } from './generated/types.js';

const catalogue = loadCatalogue();
const incidentV1 = catalogue.find((v) => v.event === 'IncidentRecorded' && v.version === 1)!;
const incidentV2 = catalogue.find((v) => v.event === 'IncidentRecorded' && v.version === 2)!;
const example = JSON.parse(
  readFileSync(
    join(AVRO_DIR, '..', '..', 'contracts', 'examples', 'valid', 'incident-trafford.json'),
    'utf8',
  ),
) as IncidentRecorded;

/** A codec whose newest IncidentRecorded is `latest` (simulates code built before or after v2). */
function codecUpTo(latest: SchemaVersion): ReturnType<typeof createCodec> {
  return createCodec(catalogue.filter((v) => v.event !== 'IncidentRecorded' || v.version <= latest.version));
}

describe('the codec', () => {
  it('reads a value written with v1 in code built for v2, and the other way round', () => {
    const oldCode = codecUpTo(incidentV1);
    const newCode = codecUpTo(incidentV2);
    const { officerCollarNumber: _dropped, ...v1Value } = example;
    const fromOld = newCode.decode(oldCode.encode('IncidentRecorded', v1Value as IncidentRecorded));
    expect(fromOld.writerVersion).toBe(1);
    expect(fromOld.value).toMatchObject({ ...v1Value, officerCollarNumber: null });
    const fromNew = createCodec(catalogue).decode(
      newCode.encode('IncidentRecorded', { ...example, officerCollarNumber: 'MC1234' }),
    );
    expect((fromNew.value as IncidentRecorded).officerCollarNumber).toBe('MC1234');
    // Code built for v1 still knows v2's fingerprint only if it has the schema: a v1-only codec must refuse it clearly.
    expect(() => createCodec([incidentV1]).decode(newCode.encode('IncidentRecorded', example))).toThrow(
      DecodeError,
    );
    // A reader built for v1 that has the v2 writer schema resolves v2 data to its v1 shape.
    const v1Reader = incidentV1.type.createResolver(incidentV2.type);
    const asV1 = incidentV1.type.fromBuffer(
      Buffer.from(newCode.encode('IncidentRecorded', example).subarray(10)),
      v1Reader,
    ) as Record<string, unknown>;
    expect(asV1).not.toHaveProperty('officerCollarNumber');
    expect(asV1.incidentRef).toBe(example.incidentRef);
  });

  it.each([
    ['BAD_MAGIC', Uint8Array.from([0x00, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9])],
    ['TRUNCATED', Uint8Array.from([0xc3, 0x01, 1])],
    ['UNKNOWN_FINGERPRINT', Uint8Array.from([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9])],
  ])('refuses bytes with %s', (code, bytes) => {
    const codec = createCodec();
    try {
      codec.decode(bytes);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DecodeError);
      expect((err as DecodeError).code).toBe(code);
      expect((err as DecodeError).message.length).toBeGreaterThan(10);
    }
  });

  it('refuses a known fingerprint with a body that does not decode (INVALID_BODY)', () => {
    const codec = createCodec();
    const good = codec.encode('IncidentRecorded', example);
    const broken = good.slice(0, 14);
    expect(() => codec.decode(broken)).toThrow(expect.objectContaining({ code: 'INVALID_BODY' }) as Error);
  });

  it('refuses the wrong event type when one is expected', () => {
    const codec = createCodec();
    expect(() => codec.decodeAs('MaracListed', codec.encode('IncidentRecorded', example))).toThrow(
      expect.objectContaining({ code: 'WRONG_EVENT_TYPE' }) as Error,
    );
  });
});

describe('schema evolution', () => {
  it('every version of every event reads every other (transitive, both ways, with random values)', () => {
    expect(checkCompatibility(catalogue)).toEqual([]);
  });

  it('AuditRecord v2 adds ACCESS_GRANTED; a reader built for v1 reads it as the enum default OTHER', () => {
    const auditV1 = catalogue.find((v) => v.event === 'AuditRecord' && v.version === 1)!;
    const auditV2 = catalogue.find((v) => v.event === 'AuditRecord' && v.version === 2)!;
    const record = newAuditRecord({
      auditId: 'a-1',
      kind: 'ACCESS_GRANTED',
      occurredAt: '2026-03-15T09:00:00Z',
      subjectPersonIds: ['P-C-1'],
    });
    const bytes = createCodec(catalogue).encode('AuditRecord', record);
    const asV1 = auditV1.type.fromBuffer(
      Buffer.from(bytes.subarray(10)),
      auditV1.type.createResolver(auditV2.type),
    ) as { kind: string; subjectPersonIds: string[] };
    expect(asV1.kind).toBe('OTHER');
    expect(asV1.subjectPersonIds).toEqual(['P-C-1']);
    expect(createCodec(catalogue).decodeAs('AuditRecord', bytes).kind).toBe('ACCESS_GRANTED');
  });

  it('fails when a released schema gains a required field without a default', () => {
    const schema = JSON.parse(readFileSync(join(AVRO_DIR, 'IncidentRecorded.v2.avsc'), 'utf8')) as {
      fields: unknown[];
    };
    schema.fields.push({ name: 'mandatoryNewThing', type: 'string' });
    const v3 = describeVersion('IncidentRecorded', 3, parseSchema(schema), 'IncidentRecorded.v3.avsc');
    const problems = checkCompatibility([incidentV1, incidentV2, v3], 3);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.message).toMatch(/IncidentRecorded v3 cannot read v1: .*mandatoryNewThing/);
  });

  it('keeps every released schema exactly as released (avro/released.lock.json), and every version released', () => {
    const lock = JSON.parse(readFileSync(join(AVRO_DIR, 'released.lock.json'), 'utf8')) as Record<
      string,
      string
    >;
    const actual = Object.fromEntries(catalogue.map((v) => [`${v.event}.v${v.version}`, v.fingerprintHex]));
    expect(actual).toEqual(lock);
  });
});
