/** Why bytes could not be turned into an event: stable codes, so the dead-letter record can say why. */
export type DecodeErrorCode =
  'BAD_MAGIC' | 'TRUNCATED' | 'UNKNOWN_FINGERPRINT' | 'INVALID_BODY' | 'WRONG_EVENT_TYPE';

/** Raised when bytes are not a known, well-formed single-object-encoded event; the consumer dead-letters them. */
export class DecodeError extends Error {
  readonly code: DecodeErrorCode;
  /** Not retriable: the same bytes will fail the same way. */
  readonly retriable = false;
  constructor(code: DecodeErrorCode, reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'DecodeError';
    this.code = code;
  }
}
