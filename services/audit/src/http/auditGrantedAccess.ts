import { randomUUID } from 'node:crypto';
import { UnavailableError, type Clock } from '@sharehub/kit';
import { type Caller } from '@sharehub/kit/auth';
import { accessGrantedRecords, type AuditRecord } from '@sharehub/schemas';
import type { AuditIndexRow } from '../index/AuditIndex.js';

/** What an IG read is for, as the ACCESS_GRANTED record says. */
export type IgPurpose = 'IG_SEARCH' | 'IG_RECORD_READ' | 'SUBJECT_ACCESS_EXPORT';

/** Records that `caller` was given `rows` through `route` (API and pages alike). */
export type AuditGrantedAccess = (
  caller: Caller,
  read: { route: string; purpose: IgPurpose; rows: readonly AuditIndexRow[] },
) => Promise<void>;

/**
 * Audits every successful IG read of personal data (docs/domain/audit-record.md; ADR 0092): the ACCESS_GRANTED records of the rows
 * returned (one per area, naming their subjects and audit ids) are written before the answer is sent. A read whose
 * record cannot be written is refused (503), so no read of personal data goes unaudited.
 */
export function auditGrantedAccess(deps: {
  audit?: ((record: AuditRecord) => Promise<void>) | undefined;
  clock: Clock;
}): AuditGrantedAccess {
  return async (caller, read) => {
    if (!deps.audit) return;
    const records = accessGrantedRecords({
      auditId: randomUUID,
      at: deps.clock.now().toISOString(),
      actor: caller.subject,
      org: caller.org,
      service: 'audit',
      route: read.route,
      purpose: read.purpose,
      idsAre: 'auditIds',
      items: read.rows.map((r) => ({ area: r.area, id: r.auditId, subjectPersonIds: r.subjectPersonIds })),
    });
    try {
      for (const record of records) await deps.audit(record);
    } catch (err) {
      throw new UnavailableError(
        'ACCESS_AUDIT_UNAVAILABLE',
        'The read could not be audited, so it is not answered; retry shortly',
        5,
        { cause: err },
      );
    }
  };
}
