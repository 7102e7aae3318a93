import { SharehubError, type ErrorKind } from '@sharehub/kit/errors';

/**
 * Base of every error this library raises on purpose: a `SharehubError` (stable `code`, its kind, an optional
 * cause), from the kit's errors entry, which loads nothing else, so this pure library loads no Kafka, S3 or
 * database client.
 */
export class AuditLogError extends SharehubError {
  constructor(code: string, message: string, kind: ErrorKind = 'internal', options?: { cause?: unknown }) {
    super(code, message, kind, options);
  }
}

/** A tree size, leaf index or pair of sizes that no proof exists for (e.g. an index at or past the size). */
export class ProofRangeError extends AuditLogError {
  constructor(message: string) {
    super('MERKLE_RANGE_INVALID', message, 'invalid');
  }
}

/** A value that has no canonical JSON form (not an object with a string `auditId`, or holds a non-JSON value). */
export class AuditRecordError extends AuditLogError {
  constructor(message: string) {
    super('AUDIT_RECORD_INVALID', message, 'invalid');
  }
}

/** A checkpoint that cannot be trusted; `code` says why (malformed, unknown key, bad signature). */
export class CheckpointError extends AuditLogError {
  constructor(
    code: 'CHECKPOINT_MALFORMED' | 'CHECKPOINT_KEY_UNKNOWN' | 'CHECKPOINT_SIGNATURE_INVALID',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, 'unprocessable', options);
  }
}

/** A segment object or key that does not follow the segment format. */
export class SegmentFormatError extends AuditLogError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SEGMENT_MALFORMED', message, 'unprocessable', options);
  }
}

/**
 * A record re-appended at a leaf index the log (or its index) already holds with other bytes or another audit id,
 * at an index past the end (a gap), or stored bytes that differ from what the writer would write: refused
 * (`conflict`). The one error for a taken or skipped leaf, in the log and in the service's index alike.
 */
export class LeafConflictError extends AuditLogError {
  readonly leafIndex: number;
  constructor(leafIndex: number, message: string) {
    super('AUDIT_LOG_LEAF_CONFLICT', message, 'conflict');
    this.leafIndex = leafIndex;
  }
}

/** The stored log cannot be recovered (a gap, an unreadable leaf, a checkpoint that disagrees); run `verifyLog`. */
export class LogCorruptError extends AuditLogError {
  readonly leafIndex: number | undefined;
  constructor(message: string, leafIndex?: number, options?: { cause?: unknown }) {
    super('AUDIT_LOG_CORRUPT', message, 'internal', options);
    this.leafIndex = leafIndex;
  }
}
