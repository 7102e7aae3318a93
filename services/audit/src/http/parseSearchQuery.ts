import { AuditKindSymbols, type AuditKind } from '@sharehub/schemas';
import type { FieldProblem } from '@sharehub/kit';
import { AuditQueryError } from '../errors.js';
import type { AuditQuery } from '../index/AuditIndex.js';
import { decodeCursor } from './pageCursor.js';

/** The query-string names of the search criteria and the AuditQuery field each sets. */
const TEXT_PARAMS = {
  subject: 'subjectPersonId',
  incidentRef: 'incidentRef',
  carePlanRef: 'carePlanRef',
  maracCaseRef: 'maracCaseRef',
  team: 'teamId',
  decisionId: 'decisionId',
  notificationId: 'notificationId',
  area: 'area',
} as const;
const KNOWN = new Set([...Object.keys(TEXT_PARAMS), 'kind', 'from', 'to', 'limit', 'cursor']);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Turns the query string of `GET /v1/audit/records` into an AuditQuery, reporting every bad parameter at once:
 * `subject`, `incidentRef`, `carePlanRef`, `maracCaseRef`, `team`, `decisionId`, `notificationId`, `area`,
 * `kind` (comma-separated AuditKinds), `from`/`to` (ISO instants, [from, to)), `limit`, `cursor`.
 */
export function parseSearchQuery(
  query: Record<string, unknown>,
  pageSize: { default: number; max: number },
): AuditQuery {
  const problems: FieldProblem[] = [];
  const out: { -readonly [K in keyof AuditQuery]: AuditQuery[K] } = { limit: pageSize.default };
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
      problems.push({ path: name, code: 'INVALID', message: 'must be given once, as 1 to 200 characters' });
      return undefined;
    }
    return value;
  };
  for (const name of Object.keys(query))
    if (!KNOWN.has(name))
      problems.push({ path: name, code: 'UNKNOWN', message: 'is not a search parameter' });
  for (const [name, field] of Object.entries(TEXT_PARAMS)) {
    const value = single(name);
    if (value !== undefined) out[field] = value;
  }
  const kind = single('kind');
  if (kind !== undefined) {
    const kinds = kind.split(',').map((k) => k.trim());
    const bad = kinds.filter((k) => !(AuditKindSymbols as readonly string[]).includes(k));
    if (bad.length > 0)
      problems.push({
        path: 'kind',
        code: 'INVALID',
        message: `${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} not one of ${AuditKindSymbols.join(', ')}`,
      });
    else out.kinds = kinds as AuditKind[];
  }
  for (const name of ['from', 'to'] as const) {
    const value = single(name);
    if (value === undefined) continue;
    if (!INSTANT.test(value) || Number.isNaN(Date.parse(value)))
      problems.push({ path: name, code: 'INVALID', message: 'must be an ISO-8601 instant with an offset' });
    else out[name] = new Date(value).toISOString();
  }
  if (out.from !== undefined && out.to !== undefined && Date.parse(out.from) > Date.parse(out.to))
    problems.push({ path: 'to', code: 'INVALID', message: 'must not be before from' });
  const limit = single('limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (!/^\d+$/.test(limit) || n < 1 || n > pageSize.max)
      problems.push({
        path: 'limit',
        code: 'INVALID',
        message: `must be a whole number from 1 to ${pageSize.max}`,
      });
    else out.limit = n;
  }
  const cursor = single('cursor');
  if (cursor !== undefined) {
    try {
      out.afterLeafIndex = decodeCursor(cursor);
    } catch (err) {
      if (err instanceof AuditQueryError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length > 0) throw new AuditQueryError(problems);
  return out;
}
