import { describe, expect, it } from 'vitest';
import { subjectAccessCsv } from './subjectAccessCsv.js';
import type { SubjectAccessEntry, SubjectAccessReport } from './subjectAccessReport.js';

const entry = (overrides: Partial<SubjectAccessEntry>): SubjectAccessEntry => ({
  auditId: 'a-1',
  leafIndex: 0,
  kind: 'SHARE_SENT',
  occurredAt: '2026-03-14T23:40:00Z',
  area: 'trafford',
  source: { type: 'INCIDENT', eventId: 'e-1', ref: 'GMP-1' },
  recipient: { service: 'GP', teamId: 'tr-gp-1' },
  shareKind: 'NOTIFICATION',
  dataCategories: ['incident'],
  rulesFired: [],
  rulesEvaluated: null,
  lawfulBasis: null,
  consent: null,
  ruleset: null,
  dueBy: null,
  reason: null,
  ...overrides,
});
const report = (shares: SubjectAccessEntry[]): SubjectAccessReport => ({
  personId: 'p',
  generatedAt: '2026-05-01T00:00:00.000Z',
  logSize: 1,
  areas: ['trafford'],
  scope: 'Only the records of the area trafford are listed.',
  shares,
  decisionsNotToShare: [],
  otherRecords: [],
});

describe('subjectAccessCsv', () => {
  it('quotes commas, quotes and line breaks (RFC 4180, CRLF)', () => {
    const csv = subjectAccessCsv(report([entry({ reason: 'a, "b"\nc' })]));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[2]).toMatch(/,"a, ""b""\nc"$/);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const csv = subjectAccessCsv(
      report([entry({ reason: '=HYPERLINK("x")', lawfulBasis: '+1', area: '@a' })]),
    );
    const row = csv.split('\r\n')[2]!;
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain(",'+1,");
    expect(row).toContain(",'@a,");
  });

  it('says in its first row which areas it covers', () => {
    const row = subjectAccessCsv(report([entry({})])).split('\r\n')[1]!;
    expect(row.startsWith('SCOPE,')).toBe(true);
    expect(row).toContain(',trafford,');
    expect(row).toContain('Only the records of the area trafford are listed.');
  });
});
