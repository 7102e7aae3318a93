/** One problem with an input, located by its field path (e.g. `children[0].education.setting`). */
export interface FieldProblem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/**
 * What sort of failure an error is, whatever carries it: the HTTP adapter maps a kind to a status
 * (`statusOfKind` in `@sharehub/kit/http`), a consumer to retry-or-dead-letter, a CLI to an exit code.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unprocessable'
  | 'too-many-requests'
  | 'unavailable'
  | 'internal';

/** Base of every error the hub raises on purpose: a stable `code`, its {@link ErrorKind}, and an optional cause. */
export class SharehubError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  constructor(code: string, message: string, kind: ErrorKind = 'internal', options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.kind = kind;
  }
}

/** The input broke the contract; `problems` lists every field that did (`invalid`). */
export class ValidationError extends SharehubError {
  readonly problems: readonly FieldProblem[];
  constructor(
    problems: readonly FieldProblem[],
    message = 'The request body is not a valid event',
    code = 'VALIDATION_FAILED',
  ) {
    super(code, message, 'invalid');
    this.problems = problems;
  }
}

/** No valid credentials (`unauthenticated`). */
export class AuthError extends SharehubError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, 'unauthenticated', options);
  }
}

/** Valid credentials, but not for this (`forbidden`). */
export class ForbiddenError extends SharehubError {
  constructor(code: string, message: string) {
    super(code, message, 'forbidden');
  }
}

/** The request conflicts with what the hub already holds (`conflict`). */
export class ConflictError extends SharehubError {
  constructor(code: string, message: string) {
    super(code, message, 'conflict');
  }
}

/** Nothing by that id that the caller may see (`not-found`). */
export class NotFoundError extends SharehubError {
  constructor(code: string, message: string) {
    super(code, message, 'not-found');
  }
}

/** The request body is over the size limit (`too-large`). */
export class PayloadTooLargeError extends SharehubError {
  constructor(limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', `The request body is over the limit of ${limitBytes} bytes`, 'too-large');
  }
}

/** A dependency (the broker, the database) cannot take the request now; try again after `retryAfterSeconds` (`unavailable`). */
export class UnavailableError extends SharehubError {
  readonly retryAfterSeconds: number;
  constructor(code: string, message: string, retryAfterSeconds = 5, options?: { cause?: unknown }) {
    super(code, message, 'unavailable', options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The caller sent too many requests of a kind; try again after `retryAfterSeconds` (`too-many-requests`). */
export class TooManyRequestsError extends SharehubError {
  readonly retryAfterSeconds: number;
  constructor(code: string, message: string, retryAfterSeconds: number) {
    super(code, message, 'too-many-requests');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Where a message came from, for errors and logs (never its contents). */
export interface MessageOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * A message could not be handled. `retriable` chooses the consumer's path: retry the batch (true),
 * or dead-letter the message and carry on (false).
 */
export class MessagingError extends SharehubError {
  readonly retriable: boolean;
  readonly origin: MessageOrigin | undefined;
  constructor(
    code: string,
    message: string,
    opts: { retriable: boolean; origin?: MessageOrigin; cause?: unknown },
  ) {
    super(code, message, 'internal', { cause: opts.cause });
    this.retriable = opts.retriable;
    this.origin = opts.origin;
  }
}

/** The service's configuration is invalid; `problems` lists every bad setting. */
export class ConfigError extends SharehubError {
  readonly problems: readonly FieldProblem[];
  constructor(problems: readonly FieldProblem[]) {
    super(
      'CONFIG_INVALID',
      `Invalid configuration:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

/**
 * The broker refused a message for good (`brokerError`: MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_RECORD…):
 * the same message is refused again on every retry, so the input that produced it is dead-lettered (OUTPUT_REFUSED).
 */
export class OutputRefusedError extends MessagingError {
  readonly brokerError: string;
  constructor(brokerError: string, message: string, cause?: unknown) {
    super('OUTPUT_REFUSED', message, { retriable: false, cause });
    this.brokerError = brokerError;
  }
}

/** The broker's error types that refuse a message for good: retrying the same message meets them again. */
export const PERMANENT_REFUSALS: ReadonlySet<string> = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
]);

/** The broker's error type if `err` (or an error it wraps) refuses a message for good, else undefined. */
export function permanentRefusalOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof OutputRefusedError) return e.brokerError;
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && PERMANENT_REFUSALS.has(type)) return type;
  }
  return undefined;
}
