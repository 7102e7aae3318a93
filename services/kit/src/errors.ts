/** One problem with an input, located by its field path (e.g. `children[0].education.setting`). */
export interface FieldProblem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** Base of every error the hub raises on purpose: a stable `code`, an HTTP status, and an optional cause. */
export class SharehubError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 500, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}

/** The input broke the contract; `problems` lists every field that did (400). */
export class ValidationError extends SharehubError {
  readonly problems: readonly FieldProblem[];
  constructor(
    problems: readonly FieldProblem[],
    message = 'The request body is not a valid event',
    code = 'VALIDATION_FAILED',
  ) {
    super(code, message, 400);
    this.problems = problems;
  }
}

/** No valid credentials (401). */
export class AuthError extends SharehubError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, 401, options);
  }
}

/** Valid credentials, but not for this (403). */
export class ForbiddenError extends SharehubError {
  constructor(code: string, message: string) {
    super(code, message, 403);
  }
}

/** The request conflicts with what the hub already holds (409). */
export class ConflictError extends SharehubError {
  constructor(code: string, message: string) {
    super(code, message, 409);
  }
}

/** Nothing by that id that the caller may see (404). */
export class NotFoundError extends SharehubError {
  constructor(code: string, message: string) {
    super(code, message, 404);
  }
}

/** The request body is over the size limit (413). */
export class PayloadTooLargeError extends SharehubError {
  constructor(limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', `The request body is over the limit of ${limitBytes} bytes`, 413);
  }
}

/** A dependency (the broker, the database) cannot take the request now; try again after `retryAfterSeconds` (503). */
export class UnavailableError extends SharehubError {
  readonly retryAfterSeconds: number;
  constructor(code: string, message: string, retryAfterSeconds = 5, options?: { cause?: unknown }) {
    super(code, message, 503, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The caller sent too many requests of a kind; try again after `retryAfterSeconds` (429). */
export class TooManyRequestsError extends SharehubError {
  readonly retryAfterSeconds: number;
  constructor(code: string, message: string, retryAfterSeconds: number) {
    super(code, message, 429);
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
    super(code, message, 500, { cause: opts.cause });
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
