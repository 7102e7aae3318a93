import type { Clock, Logger } from '@sharehub/kit';
import type { InboxEvents } from '../events/inboxEvents.js';
import type { InboxStore } from '../store/InboxStore.js';
import { runEvery, type PeriodicTask } from './runEvery.js';

const BATCH = 500;

/**
 * Escalates every notification still unacknowledged past its due time, once: NotificationEscalated and an ESCALATED
 * audit record, stored in the outbox with the mark that it was escalated (so two inbox instances never both do).
 */
export function startEscalation(deps: {
  readonly store: InboxStore;
  readonly events: InboxEvents;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly intervalMs: number;
  /** Told when something was escalated, so the outbox goes out at once. */
  readonly onEscalated: () => void;
}): PeriodicTask {
  return runEvery(
    'escalation',
    deps.intervalMs,
    async () => {
      for (;;) {
        const now = deps.clock.now().toISOString();
        const escalated = await deps.store.escalateOverdue(now, BATCH, (n) => deps.events.escalated(n));
        if (escalated.length === 0) return;
        for (const n of escalated)
          deps.logger.info(
            { notificationId: n.notification.notificationId, teamId: n.notification.recipient.teamId },
            'overdue notification escalated',
          );
        deps.onEscalated();
        if (escalated.length < BATCH) return;
      }
    },
    deps.logger,
  );
}
