import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { type Clock, type Logger } from '@sharehub/kit';
import { callerOf, type Caller } from '@sharehub/kit/auth';
import { newAuditRecord, type AuditRecord } from '@sharehub/schemas';

/**
 * Middleware run after authentication on every auditor-only route, API and pages alike: a caller without the
 * auditor role gets an ACCESS_REFUSED record (docs/domain/audit-record.md) handed to `audit` before the route refuses them.
 * A record that cannot be audited is logged and the refusal still goes ahead.
 */
export function auditRefusedAccess(deps: {
  audit?: ((record: AuditRecord) => Promise<void>) | undefined;
  clock: Clock;
  logger: Logger;
}): RequestHandler {
  return (req, res, next) => {
    const caller = callerOf(res);
    if (caller.roles.includes('auditor') || !deps.audit) return next();
    deps
      .audit(accessRefusedRecord(caller, routeOf(req), deps.clock))
      .catch((err: unknown) => deps.logger.error({ err }, 'the refused access could not be audited'))
      .finally(() => next());
  };
}

/** The route pattern, which (unlike the path) never holds a person id; every guarded route has one. */
function routeOf(req: Request): string {
  return (req.route as { path?: string } | undefined)?.path ?? req.path;
}

/** The ACCESS_REFUSED record of a caller refused the IG API: who (subject and org), which route, when. */
function accessRefusedRecord(caller: Caller, route: string, clock: Clock): AuditRecord {
  return newAuditRecord({
    auditId: randomUUID(),
    kind: 'ACCESS_REFUSED',
    occurredAt: clock.now().toISOString(),
    actor: caller.subject,
    reason: 'ROLE_REQUIRED',
    detail: JSON.stringify({ service: 'audit', route, org: caller.org, roles: caller.roles }),
  });
}
