import type { Response } from 'express';
import type { Clock } from '@sharehub/kit';
import { AuditQueryError } from '../errors.js';
import { subjectAccessCsv } from '../export/subjectAccessCsv.js';
import { subjectAccessReport } from '../export/subjectAccessReport.js';
import type { AuditIndex, AuditIndexRow } from '../index/AuditIndex.js';

const SUBJECT_PAGE = 500;

/**
 * Answers a subject access export (UK GDPR Art. 15) for `GET /v1/audit/subject-access/:personId` and its page
 * twin: every record naming the person in the caller's `areas` (the export says which areas it covers), as JSON or
 * as a CSV attachment; a bad `format` is AUDIT_QUERY_INVALID. `jsonDisposition` chooses whether a browser shows the
 * JSON (`inline`) or saves it (`attachment`). `onRead` audits the rows read before anything is sent.
 */
export async function sendSubjectAccess(
  res: Response,
  request: {
    personId: string;
    format: unknown;
    areas: readonly string[];
    jsonDisposition?: 'inline' | 'attachment';
  },
  deps: { index: AuditIndex; clock: Clock },
  onRead: (rows: readonly AuditIndexRow[]) => Promise<void>,
): Promise<void> {
  const { personId } = request;
  const format = request.format ?? 'json';
  if (format !== 'json' && format !== 'csv')
    throw new AuditQueryError([{ path: 'format', code: 'INVALID', message: 'must be json or csv' }]);
  const logSize = await deps.index.size();
  const rows: AuditIndexRow[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await deps.index.search({
      subjectPersonId: personId,
      areas: request.areas,
      limit: SUBJECT_PAGE,
      ...(after === undefined ? {} : { afterLeafIndex: after }),
    });
    rows.push(...page.rows.filter((r) => r.leafIndex < logSize));
    if (!page.more) break;
    after = page.rows.at(-1)!.leafIndex;
  }
  await onRead(rows);
  const generatedAt = deps.clock.now().toISOString();
  const report = subjectAccessReport(personId, rows, { generatedAt, logSize, areas: request.areas });
  const filename = `subject-access-${personId.replace(/[^\w.-]/g, '_').slice(0, 80)}-${generatedAt.slice(0, 10)}`;
  res.setHeader('Cache-Control', 'no-store');
  if (format === 'csv') {
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${filename}.csv"`)
      .send(subjectAccessCsv(report));
  } else {
    res.setHeader(
      'Content-Disposition',
      `${request.jsonDisposition ?? 'inline'}; filename="${filename}.json"`,
    );
    res.json(report);
  }
}
