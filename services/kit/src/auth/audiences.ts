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
 * the audit log. `admin` has no routes of its own yet; its token is for the inbox, where the teams that run the hub
 * sign in (docs/SECURITY.md, Tokens).
 */
export function audienceForRole(role: Role): ServiceAudience {
  switch (role) {
    case 'publisher':
      return SERVICE_AUDIENCES.gateway;
    case 'auditor':
      return SERVICE_AUDIENCES.audit;
    case 'recipient':
    case 'admin':
      return SERVICE_AUDIENCES.inbox;
  }
}
