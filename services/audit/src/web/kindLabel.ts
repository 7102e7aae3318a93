import type { AuditKind } from '@sharehub/schemas';

const LABELS: Readonly<Record<AuditKind, string>> = {
  SHARED: 'Decision to share',
  NOT_SHARED: 'Decision not to share',
  SHARE_SENT: 'Share sent',
  ROUTED_TO_TRIAGE: 'Routed to triage',
  TRIAGE_ASSIGNED: 'Triage assigned',
  ACKNOWLEDGED: 'Acknowledged',
  ESCALATED: 'Escalated',
  ACCESS_REFUSED: 'Access refused',
  ACCESS_GRANTED: 'Personal data read',
  DEAD_LETTERED: 'Dead-lettered',
  REDRIVEN: 'Re-driven',
  OTHER: 'Other',
};

/** What the pages call a kind of audit record, in words ("Share sent" for SHARE_SENT). */
export function kindLabel(kind: AuditKind): string {
  return LABELS[kind] ?? kind;
}
