import type { Caller } from '@sharehub/kit/auth';
import { RedriveRequestError } from '../errors.js';
import type { DeadLetterStore } from './DeadLetterStore.js';
import { deadLetterView, type DeadLetterView } from './deadLetterView.js';

/**
 * The dead letters of the caller's areas for the API and the page, from query parameters `reasonCode`, `topic` and
 * `state` (`waiting`, the default, or `all` with those already re-driven).
 */
export async function listDeadLetters(
  store: DeadLetterStore,
  caller: Caller,
  query: Record<string, unknown>,
  limit: number,
): Promise<DeadLetterView[]> {
  const text = (name: string) => {
    const v = query[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string' || !/^[A-Za-z0-9._:-]{1,200}$/.test(v))
      throw new RedriveRequestError([
        { path: name, code: 'INVALID', message: 'must be given once, as a code' },
      ]);
    return v;
  };
  const reasonCode = text('reasonCode');
  const topic = text('topic');
  const state = text('state') ?? 'waiting';
  if (state !== 'waiting' && state !== 'all')
    throw new RedriveRequestError([{ path: 'state', code: 'INVALID', message: 'must be waiting or all' }]);
  const entries = await store.list({
    areas: caller.areas,
    ...(reasonCode ? { reasonCode } : {}),
    ...(topic ? { topic } : {}),
    includeRedriven: state === 'all',
    limit,
  });
  return entries.map(deadLetterView);
}
