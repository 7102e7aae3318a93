import type { Clock } from '../ports/Clock.js';
import type { EventBus } from '../ports/EventBus.js';
import { ConsumerMonitor } from './ConsumerMonitor.js';
import { createReadiness, type Readiness, type ReadinessCheck } from './createReadiness.js';
import { brokerReachable, consumersMoving } from './readinessChecks.js';
import type { ReadinessConfig } from './readinessSettings.js';

/** The consumer monitor a service's event bus reports to, with the stall limit from its config. */
export function consumerMonitorFromConfig(config: ReadinessConfig, clock?: Clock): ConsumerMonitor {
  return new ConsumerMonitor({
    stallAfterMs: config.READINESS_STALL_SECONDS * 1000,
    ...(clock ? { clock } : {}),
  });
}

/**
 * A hub service's readiness, the same for every service: the broker answers, every consumer is moving (when it has a
 * monitor), and the service's own dependencies (`checks`: S3, the database) answer, each probe cached for the
 * config's `READINESS_CACHE_MS`.
 */
export function serviceReadiness(options: {
  readonly bus: Pick<EventBus, 'isHealthy'>;
  readonly config: ReadinessConfig;
  readonly monitor?: ConsumerMonitor;
  readonly checks?: readonly ReadinessCheck[];
  readonly clock?: Clock;
}): Readiness {
  return createReadiness({
    checks: [
      brokerReachable(options.bus),
      ...(options.checks ?? []),
      ...(options.monitor ? [consumersMoving(options.monitor)] : []),
    ],
    cacheMs: options.config.READINESS_CACHE_MS,
    ...(options.clock ? { clock: options.clock } : {}),
  });
}
