import { ValidationError, type ErrorKind } from '@sharehub/kit';

/** A batch of more events than the gateway takes in one request (413, code BATCH_TOO_LARGE, path `events`). */
export class BatchTooLargeError extends ValidationError {
  override readonly kind: ErrorKind = 'too-large';
  constructor(count: number, max: number) {
    super(
      [{ path: 'events', code: 'TOO_MANY', message: `must hold at most ${max} events (it holds ${count})` }],
      `A batch holds at most ${max} events; send the rest in another request`,
      'BATCH_TOO_LARGE',
    );
  }
}
