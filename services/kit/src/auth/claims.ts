/** The roles a caller may hold (docs/architecture.md#security). */
export const ROLES = ['publisher', 'recipient', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified token. `org` is a force code (publishers) or a team id (recipients). */
export interface Caller {
  readonly subject: string;
  readonly org: string;
  readonly roles: readonly Role[];
  readonly areas: readonly string[];
  /** When the token stops being accepted: its `exp`, or its `iat` plus the maximum token age, whichever is first. */
  readonly expiresAt: Date;
}
