import type { SubjectAccessEntry, SubjectAccessReport } from './subjectAccessReport.js';

const HEADER = [
  'section',
  'leafIndex',
  'auditId',
  'kind',
  'occurredAt',
  'area',
  'recipientService',
  'recipientTeamId',
  'shareKind',
  'sourceType',
  'sourceRef',
  'dataCategories',
  'rulesFired',
  'rulesNotFired',
  'lawfulBasis',
  'consentStatus',
  'consentReason',
  'consentBasis',
  'rulesetId',
  'rulesetVersion',
  'dueBy',
  'reason',
] as const;

/**
 * The subject access report as CSV (RFC 4180, CRLF, header row): one row per record, `section` saying whether it
 * is a share, a decision not to share, or another record; rules as `ID (citation): text` joined by ` | `. The first
 * row (section `SCOPE`) says which areas the export covers: `area` lists them, `reason` says so in words.
 */
export function subjectAccessCsv(report: SubjectAccessReport): string {
  const scope = HEADER.map((column) =>
    column === 'section'
      ? 'SCOPE'
      : column === 'area'
        ? csvCell(report.areas.join(' '))
        : column === 'reason'
          ? csvCell(report.scope)
          : '',
  );
  const lines = [HEADER.join(','), scope.join(',')];
  const sections: Array<[string, readonly SubjectAccessEntry[]]> = [
    ['SHARE', report.shares],
    ['NOT_SHARED', report.decisionsNotToShare],
    ['OTHER', report.otherRecords],
  ];
  for (const [section, entries] of sections)
    for (const e of entries)
      lines.push(
        [
          section,
          String(e.leafIndex),
          e.auditId,
          e.kind,
          e.occurredAt,
          e.area,
          e.recipient?.service,
          e.recipient?.teamId,
          e.shareKind,
          e.source?.type,
          e.source?.ref,
          e.dataCategories.join(' | '),
          e.rulesFired.map((r) => `${r.ruleId} (${r.citation}): ${r.text}`).join(' | '),
          (e.rulesEvaluated ?? [])
            .filter((r) => !r.fired)
            .map((r) => `${r.ruleId}: ${r.reason}`)
            .join(' | '),
          e.lawfulBasis,
          e.consent?.status,
          e.consent?.reason,
          e.consent?.basis,
          e.ruleset?.id,
          e.ruleset?.version,
          e.dueBy,
          e.reason,
        ]
          .map(csvCell)
          .join(','),
      );
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  // A cell a spreadsheet would run as a formula is prefixed with a quote (OWASP CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
