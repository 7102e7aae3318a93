import { describe, expect, it } from 'vitest';
import { checkString, STRING_FIELD_FORMATS, STRING_FORMATS } from './stringFormats.js';
import { createCodec } from './createCodec.js';

describe('string formats of published events', () => {
  it.each([
    ['uuid', '0b6c8f0e-5d0e-4a43-9d53-0a7f3c1e2a01'],
    ['identifier', 'GMP-2026-000123'],
    ['identifier', 'tr-csc-first-response'],
    ['postcode', 'WA15 8ZZ'],
    ['line', 'Zoë Ó Briain-Smith'],
    ['line', 'emoji 👩‍👧 are fine'],
    ['text', 'Line one.\r\nLine two,\tindented.'],
  ] as const)('accepts a well-formed %s (%s)', (format, value) => {
    expect(checkString(format, value)).toBeUndefined();
  });

  it.each([
    ['uuid', '\u0000', 'CONTROL_CHARACTER'],
    ['uuid', 'e-1', 'INVALID_FORMAT'],
    ['uuid', '0b6c8f0e-5d0e-4a43-9d53-0a7f3c1e2a011', 'TOO_LONG'],
    ['identifier', 'GMP-\u00002026', 'CONTROL_CHARACTER'],
    ['identifier', 'GMP\t2026', 'CONTROL_CHARACTER'],
    ['identifier', 'GMP 2026', 'INVALID_FORMAT'],
    ['identifier', '', 'INVALID_FORMAT'],
    ['identifier', 'R'.repeat(65), 'TOO_LONG'],
    ['identifier', 'R'.repeat(70_000), 'TOO_LONG'],
    ['postcode', 'M33  7XX', 'INVALID_FORMAT'],
    ['line', 'Alex\nExample', 'CONTROL_CHARACTER'],
    ['line', 'Alex\u001b[31m', 'CONTROL_CHARACTER'],
    ['line', 'Alex\u007f', 'CONTROL_CHARACTER'],
    ['line', 'Alex\u0085', 'CONTROL_CHARACTER'],
    ['line', 'Alex\ud800', 'CONTROL_CHARACTER'],
    ['line', 'A'.repeat(201), 'TOO_LONG'],
    ['text', 'narrative\u0000', 'CONTROL_CHARACTER'],
    ['text', 'x'.repeat(10_001), 'TOO_LONG'],
  ] as const)('refuses %s %j with %s', (format, value, code) => {
    expect(checkString(format, value)?.code).toBe(code);
  });

  it('counts characters, not UTF-16 code units, against the limit', () => {
    expect(checkString('line', '👩'.repeat(200))).toBeUndefined();
    expect(checkString('line', '👩'.repeat(201))?.code).toBe('TOO_LONG');
  });

  it('never repeats the value in its message', () => {
    expect(checkString('identifier', 'SECRET\u0000')?.message).not.toContain('SECRET');
    expect(checkString('uuid', 'SECRET')?.message).not.toContain('SECRET');
  });

  it('names a format for every field it maps, and each pattern compiles as ECMA-262', () => {
    for (const format of Object.values(STRING_FIELD_FORMATS)) expect(STRING_FORMATS[format]).toBeDefined();
    for (const f of Object.values(STRING_FORMATS)) expect(() => new RegExp(f.pattern)).not.toThrow();
  });
});

describe('codec.validate on strings', () => {
  const codec = createCodec();
  const consent = {
    eventId: '3f4e5d6c-7b8a-4c9d-8e1f-2a3b4c5d6e01',
    area: 'trafford',
    subjectPersonId: 'P-C-2001',
    scope: { incidentRef: 'GMP-2026-000123', maracCaseRef: null },
    status: 'GIVEN',
    reason: null,
    recordedAt: '2026-03-14T23:50:00Z',
    recordedBy: 'tr-csc-first-response',
  };

  it('reports every bad string with its field path, nested and in unions', () => {
    const problems = codec.validate('ConsentRecorded', {
      ...consent,
      eventId: '\u0000',
      scope: { incidentRef: 'GMP\u0000', maracCaseRef: null },
      recordedBy: 'x'.repeat(65),
    });
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['eventId', 'CONTROL_CHARACTER'],
      ['scope.incidentRef', 'CONTROL_CHARACTER'],
      ['recordedBy', 'TOO_LONG'],
    ]);
  });

  it('reports strings inside arrays by their index', () => {
    const plan = {
      eventId: '6a1d2f7e-1c2b-4b9f-8a11-3e5d7c9b0f01',
      carePlanRef: 'GMP-CP-2026-0042',
      area: 'trafford',
      issuedAt: '2026-03-15T09:00:00Z',
      issuedBy: 'GMP Public Protection',
      criteria: ['T1', 'T5\u0000'],
      incident: {},
    };
    const problems = codec.validate('CarePlanIssued', plan);
    expect(problems).toContainEqual(
      expect.objectContaining({ path: 'criteria[1]', code: 'CONTROL_CHARACTER' }),
    );
  });
});
