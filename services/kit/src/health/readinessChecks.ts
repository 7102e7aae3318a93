import type { BlobStore } from '../ports/BlobStore.js';
import type { EventBus } from '../ports/EventBus.js';
import type { SqlExecutor } from '../ports/SqlDatabase.js';
import type { ConsumerMonitor } from './ConsumerMonitor.js';
import type { ReadinessCheck } from './createReadiness.js';

/** The broker answers (a metadata request on a fresh connection; cached by the readiness). */
export function brokerReachable(bus: Pick<EventBus, 'isHealthy'>): ReadinessCheck {
  return { name: 'broker', probe: () => bus.isHealthy() };
}

/** The object store answers (a read of a key that is never written: absent is an answer, a failure is not). */
export function blobStoreReachable(blobs: Pick<BlobStore, 'get'>, name = 's3'): ReadinessCheck {
  return {
    name,
    probe: async () => {
      await blobs.get('readiness/probe');
      return true;
    },
  };
}

/** The database answers `select 1`. */
export function databaseReachable(db: SqlExecutor, name = 'database'): ReadinessCheck {
  return {
    name,
    probe: async () => {
      await db.query('select 1');
      return true;
    },
  };
}

/**
 * Every consumer is moving: none has crashed and no partition is stalled (behind, and without progress for the
 * monitor's `stallAfterMs`). Read from memory on every ask, never cached.
 */
export function consumersMoving(monitor: ConsumerMonitor): ReadinessCheck {
  return {
    name: 'consumers',
    cacheMs: 0,
    probe: () => {
      const problems = monitor.problems();
      return problems.length === 0 ? true : problems.join('; ');
    },
  };
}
