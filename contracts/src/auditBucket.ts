/** The default name of the S3 bucket the audit service archives its log to (versioned, Object Lock). */
export const AUDIT_BUCKET = 'sharehub-audit';
