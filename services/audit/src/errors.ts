import { SharehubError, ValidationError, type FieldProblem } from '@sharehub/kit';

// A taken or skipped leaf in the index is the audit log's LeafConflictError (AUDIT_LOG_LEAF_CONFLICT): one error for it.
export { LeafConflictError } from '@sharehub/audit-log';

/** A query parameter of the IG API is malformed; `problems` names each one (400). */
export class AuditQueryError extends ValidationError {
  constructor(problems: readonly FieldProblem[]) {
    super(problems, 'The audit query is not valid', 'AUDIT_QUERY_INVALID');
  }
}

/** The log and the index disagree, or the stored log cannot be read back; the service will not sequence on it. */
export class AuditStateError extends SharehubError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, 'internal', options);
  }
}

/** A re-drive request is malformed; `problems` names each field (400). */
export class RedriveRequestError extends ValidationError {
  constructor(problems: readonly FieldProblem[]) {
    super(problems, 'The re-drive request is not valid', 'REDRIVE_REQUEST_INVALID');
  }
}

/** Too many index rows wait to be written (the database refuses writes): the batch is retried, nothing lost (503). */
export class IndexBehindError extends SharehubError {
  constructor(message: string) {
    super('AUDIT_INDEX_BEHIND', message, 'unavailable');
  }
}
