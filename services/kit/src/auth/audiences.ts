import type { Role } from './claims.js';

/** The audience (`aud`) each HTTP service demands: a token for one service does not work on another. */
export const SERVICE_AUDIENCES = {
  gateway: 'sharehub-gateway',
  inbox: 'sharehub-inbox',
  audit: 'sharehub-audit',
} as const;

/** A service's audience. */
export type ServiceAudience = (typeof SERVICE_AUDIENCES)[keyof typeof SERVICE_AUDIENCES];

/**
 * The service a role's token is for: publishers publish at the gateway, recipients work in the inbox, auditors read
 * the audit log; operators (`admin`) see and re-drive dead letters at the audit service (ADR 62; docs/SECURITY.md,
 * Tokens).
 */
export function audienceForRole(role: Role): ServiceAudience {
  switch (role) {
    case 'publisher':
      return SERVICE_AUDIENCES.gateway;
    case 'auditor':
    case 'admin':
      return SERVICE_AUDIENCES.audit;
    case 'recipient':
      return SERVICE_AUDIENCES.inbox;
  }
}
