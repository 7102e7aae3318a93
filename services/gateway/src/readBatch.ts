import { ValidationError, type FieldProblem } from '@sharehub/kit';
import { BatchTooLargeError } from './BatchTooLargeError.js';
import type { EventToAccept } from './acceptEvents.js';
import type { PublishRoute } from './publishRoutes.js';

/** The most events one batch request may carry. */
export const MAX_BATCH_EVENTS = 500;

/** One item of a batch: the event to accept, or why it cannot be one (a 400 for that item alone). */
export type BatchItem = EventToAccept | { readonly invalid: ValidationError };

const envelope = (problem: FieldProblem) =>
  new ValidationError(
    [problem],
    'The body must be {"events": [{"type": …, "event": {…}}, …]}',
    'BATCH_INVALID',
  );

/**
 * Reads the envelope of `POST /v1/events:batch` (`{"events": [{"type", "event"}, …]}`, ADR 0044): a body that is no
 * such envelope, or holds no event, is a 400 `BATCH_INVALID`; more than {@link MAX_BATCH_EVENTS} a 413
 * `BATCH_TOO_LARGE`. An item that is not `{type, event}` with a type the gateway takes is refused on its own.
 */
export function readBatch(body: unknown, routes: ReadonlyMap<string, PublishRoute>): BatchItem[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw envelope({ path: '', code: 'INVALID_TYPE', message: 'must be an object' });
  for (const key of Object.keys(body))
    if (key !== 'events')
      throw envelope({ path: key, code: 'UNKNOWN_FIELD', message: 'is not a field of a batch' });
  const { events } = body as { events?: unknown };
  if (events === undefined) throw envelope({ path: 'events', code: 'REQUIRED', message: 'is required' });
  if (!Array.isArray(events))
    throw envelope({ path: 'events', code: 'INVALID_TYPE', message: 'must be an array' });
  if (events.length === 0)
    throw envelope({ path: 'events', code: 'REQUIRED', message: 'must hold at least one event' });
  if (events.length > MAX_BATCH_EVENTS) throw new BatchTooLargeError(events.length, MAX_BATCH_EVENTS);
  return events.map((item: unknown): BatchItem => {
    const problems: FieldProblem[] = [];
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      problems.push({
        path: '',
        code: 'INVALID_TYPE',
        message: 'must be an object {"type": …, "event": {…}}',
      });
    else {
      const { type, event, ...rest } = item as { type?: unknown; event?: unknown };
      if (type === undefined) problems.push({ path: 'type', code: 'REQUIRED', message: 'is required' });
      else if (typeof type !== 'string' || !routes.has(type))
        problems.push({
          path: 'type',
          code: 'INVALID_ENUM',
          message: `must be one of ${[...routes.keys()].join(', ')}`,
        });
      if (event === undefined) problems.push({ path: 'event', code: 'REQUIRED', message: 'is required' });
      for (const key of Object.keys(rest))
        problems.push({ path: key, code: 'UNKNOWN_FIELD', message: 'is not a field of a batch item' });
      if (problems.length === 0) return { route: routes.get(type as string)!, body: event };
    }
    return { invalid: new ValidationError(problems, 'The batch item is not {"type": …, "event": {…}}') };
  });
}
