/**
 * Base of every error this library raises on purpose: a stable `code`, an HTTP-ish `status`, and an optional
 * cause. Same shape as `SharehubError` in `@sharehub/kit` (which this pure library does not import, so that it
 * loads no Kafka, S3 or database client); a service maps it by `code`.
 */
export class AuditLogError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 500, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}

/** A tree size, leaf index or pair of sizes that no proof exists for (e.g. an index at or past the size). */
export class ProofRangeError extends AuditLogError {
  constructor(message: string) {
    super('MERKLE_RANGE_INVALID', message, 400);
  }
}

/** A value that has no canonical JSON form (not an object with a string `auditId`, or holds a non-JSON value). */
export class AuditRecordError extends AuditLogError {
  constructor(message: string) {
    super('AUDIT_RECORD_INVALID', message, 400);
  }
}

/** A checkpoint that cannot be trusted; `code` says why (malformed, unknown key, bad signature). */
export class CheckpointError extends AuditLogError {
  constructor(
    code: 'CHECKPOINT_MALFORMED' | 'CHECKPOINT_KEY_UNKNOWN' | 'CHECKPOINT_SIGNATURE_INVALID',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, 422, options);
  }
}

/** A segment object or key that does not follow the segment format. */
export class SegmentFormatError extends AuditLogError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SEGMENT_MALFORMED', message, 422, options);
  }
}

/**
 * A record re-appended at a leaf index the log already holds with other bytes, at an index past the end (a gap),
 * or stored bytes that differ from what the writer would write: the log refuses it (409).
 */
export class LeafConflictError extends AuditLogError {
  readonly leafIndex: number;
  constructor(leafIndex: number, message: string) {
    super('AUDIT_LOG_LEAF_CONFLICT', message, 409);
    this.leafIndex = leafIndex;
  }
}

/** The stored log cannot be recovered (a gap, an unreadable leaf, a checkpoint that disagrees); run `verifyLog`. */
export class LogCorruptError extends AuditLogError {
  readonly leafIndex: number | undefined;
  constructor(message: string, leafIndex?: number, options?: { cause?: unknown }) {
    super('AUDIT_LOG_CORRUPT', message, 500, options);
    this.leafIndex = leafIndex;
  }
}
