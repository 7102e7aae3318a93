import type { FieldProblem } from '@sharehub/kit';
import { RedriveRequestError } from '../errors.js';
import type { RedriveRequest } from './redriveDeadLetters.js';

const TEXT = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * A re-drive request from a JSON body or a form, checked once for the API and the page: `reason` (why, 1..500
 * characters) and either `ids` (1..100 dead letter ids; a form's single `id` too) or `reasonCode` (every waiting
 * one of that code, optionally of one `topic`). Every bad field is named (RedriveRequestError, 400).
 */
export function parseRedriveRequest(body: unknown): Omit<RedriveRequest, 'caller'> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const why = typeof b.reason === 'string' ? b.reason.trim() : '';
  if (why.length === 0 || why.length > 500)
    problems.push({
      path: 'reason',
      code: 'REQUIRED',
      message: 'say why, in 1 to 500 characters (e.g. the fix deployed)',
    });
  const ids = b.ids ?? (typeof b.id === 'string' ? [b.id] : undefined);
  const optional = (name: 'reasonCode' | 'topic') => {
    const v = b[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string' || !TEXT.test(v)) {
      problems.push({ path: name, code: 'INVALID', message: 'must be a code such as INVALID_EVENT' });
      return undefined;
    }
    return v;
  };
  const reasonCode = optional('reasonCode');
  const topic = optional('topic');
  if (ids !== undefined) {
    if (
      !Array.isArray(ids) ||
      ids.length < 1 ||
      ids.length > 100 ||
      !ids.every((id) => typeof id === 'string' && TEXT.test(id))
    )
      problems.push({ path: 'ids', code: 'INVALID', message: 'must be 1 to 100 dead letter ids' });
    if (reasonCode !== undefined)
      problems.push({ path: 'reasonCode', code: 'INVALID', message: 'give ids or a reasonCode, not both' });
  } else if (reasonCode === undefined && !problems.some((p) => p.path === 'reasonCode'))
    problems.push({
      path: 'ids',
      code: 'REQUIRED',
      message: 'give the ids to re-drive, or a reasonCode for all of that kind',
    });
  if (problems.length > 0) throw new RedriveRequestError(problems);
  return {
    why,
    ...(ids !== undefined ? { ids: ids as string[] } : {}),
    ...(reasonCode !== undefined ? { reasonCode } : {}),
    ...(topic !== undefined ? { topic } : {}),
  };
}
