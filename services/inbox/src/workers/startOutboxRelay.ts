import type { EventBus, FaultPoint, Logger } from '@sharehub/kit';
import type { InboxStore } from '../store/InboxStore.js';
import { runEvery, type PeriodicTask } from './runEvery.js';

const BATCH = 200;

/**
 * Sends the outbox to Kafka: the oldest messages first, removed only after the broker acknowledged them, so an
 * acknowledgement, escalation or assignment the inbox stored is published at least once (ids are deterministic and
 * the audit log drops a repeated identical record). While the broker is down the messages wait in the database.
 */
export function startOutboxRelay(deps: {
  readonly store: InboxStore;
  readonly bus: EventBus;
  readonly logger: Logger;
  readonly intervalMs: number;
  /** Where a fault test may pause the relay: published, not yet deleted (docs/adr/0102-fault-points.md). */
  readonly faultPoint?: FaultPoint;
}): PeriodicTask {
  return runEvery(
    'outbox relay',
    deps.intervalMs,
    async () => {
      for (;;) {
        const pending = await deps.store.pendingOutbox(BATCH);
        if (pending.length === 0) return;
        await deps.bus.publish(pending.map((e) => e.message));
        await deps.faultPoint?.('inbox.outbox.afterPublish');
        await deps.store.removeFromOutbox(pending.map((e) => e.id));
        deps.logger.debug({ messages: pending.length }, 'outbox sent');
        if (pending.length < BATCH) return;
      }
    },
    deps.logger,
  );
}
