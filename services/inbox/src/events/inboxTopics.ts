import { prefixedTopics } from '@sharehub/contracts';

/** The topics the inbox reads and writes. */
export interface InboxTopics {
  readonly notification: string;
  readonly triageRequired: string;
  readonly notificationAcknowledged: string;
  readonly notificationEscalated: string;
  readonly auditRecord: string;
  readonly deadLetter: string;
}

/** The inbox's topics under `prefix` (empty in production). */
export function inboxTopics(prefix = ''): InboxTopics {
  const t = prefixedTopics(prefix);
  return {
    notification: t.notification,
    triageRequired: t.triageRequired,
    notificationAcknowledged: t.notificationAcknowledged,
    notificationEscalated: t.notificationEscalated,
    auditRecord: t.auditRecord,
    deadLetter: t.deadLetter,
  };
}
