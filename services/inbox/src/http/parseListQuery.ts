import { ValidationError, type FieldProblem } from '@sharehub/kit';

/** What `GET /v1/inbox/notifications` and the inbox page take from the query string. */
export interface ListQuery {
  readonly status: 'open' | 'acknowledged' | 'all';
  readonly overdue: boolean;
  readonly dueBefore?: string;
  readonly cursor?: string;
  readonly limit: number;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads and checks the list query; a 400 naming every bad parameter. */
export function parseListQuery(
  query: Record<string, unknown>,
  pageSize: { readonly default: number; readonly max: number },
): ListQuery {
  const problems: FieldProblem[] = [];
  const one = (name: string): string | undefined => {
    const v = query[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') {
      problems.push({ path: name, code: 'INVALID', message: 'give it once' });
      return undefined;
    }
    return v;
  };
  const status = one('status') ?? 'open';
  if (!['open', 'acknowledged', 'all'].includes(status))
    problems.push({ path: 'status', code: 'INVALID', message: 'must be open, acknowledged or all' });
  const overdue = one('overdue');
  if (overdue !== undefined && !['true', 'false', '1', '0'].includes(overdue))
    problems.push({ path: 'overdue', code: 'INVALID', message: 'must be true or false' });
  const dueBefore = one('dueBefore');
  if (dueBefore !== undefined && (!INSTANT.test(dueBefore) || Number.isNaN(Date.parse(dueBefore))))
    problems.push({ path: 'dueBefore', code: 'INVALID', message: 'must be an ISO-8601 instant with offset' });
  const limitText = one('limit');
  const limit = limitText === undefined ? pageSize.default : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > pageSize.max)
    problems.push({
      path: 'limit',
      code: 'INVALID',
      message: `must be a whole number from 1 to ${pageSize.max}`,
    });
  const cursor = one('cursor');
  if (problems.length > 0) throw new ValidationError(problems, 'The query is not valid', 'INVALID_QUERY');
  return {
    status: status as ListQuery['status'],
    overdue: overdue === 'true' || overdue === '1',
    limit,
    ...(dueBefore ? { dueBefore: new Date(dueBefore).toISOString() } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** What the triage queue list takes: status (open, assigned, all), cursor and limit. */
export function parseTriageQuery(
  query: Record<string, unknown>,
  pageSize: { readonly default: number; readonly max: number },
): { status: 'open' | 'assigned' | 'all'; cursor?: string; limit: number } {
  const { status: raw, ...rest } = query;
  const status = raw === undefined || raw === '' ? 'open' : raw;
  const base = parseListQuery(rest, pageSize);
  if (typeof status !== 'string' || !['open', 'assigned', 'all'].includes(status))
    throw new ValidationError(
      [{ path: 'status', code: 'INVALID', message: 'must be open, assigned or all' }],
      'The query is not valid',
      'INVALID_QUERY',
    );
  return {
    status: status as 'open' | 'assigned' | 'all',
    limit: base.limit,
    ...(base.cursor ? { cursor: base.cursor } : {}),
  };
}
