import type { EventBus, Logger, Subscription } from '@sharehub/kit';
import type { AuditSequencer } from './log/AuditSequencer.js';

/** Settings of {@link startSequencing}. */
export interface SequencingOptions {
  readonly bus: EventBus;
  readonly sequencer: Pick<
    AuditSequencer,
    'recover' | 'invalidate' | 'handleBatch' | 'tick' | 'flush' | 'size'
  >;
  readonly topic: string;
  readonly groupId: string;
  readonly logger: Logger;
  /** How often the checkpoint timer looks whether leaves have waited long enough (ms). */
  readonly tickMs: number;
  /** After how many failures in a row of the same batch the consumer counts as stalled (default 3). */
  readonly stalledAfterFailures?: number;
}

/** How the consumer fares, for `/readyz` and `/metrics`. */
export interface SequencingHealth {
  /** True while the same batch has failed `stalledAfterFailures` times in a row: the audit trail is not moving. */
  readonly stalled: boolean;
  /** Failures in a row of the batch being retried (0 when the last batch went through). */
  readonly consecutiveFailures: number;
  /** Seconds since the current run of failures began (0 when none). */
  readonly stalledSeconds: number;
  /** Batches that failed since start (each is retried). */
  readonly failedBatches: number;
  /** Messages refused (undecodable, or another record under a taken audit id): dead-lettered and audited. */
  readonly deadLettered: number;
}

/** The running consumer of `audit.record` with its checkpoint timer. */
export interface Sequencing {
  /** Resolves once the consumer holds the partition and the log is recovered. */
  readonly ready: Promise<void>;
  /** Whether this instance holds the partition (and so may sequence and checkpoint). */
  active(): boolean;
  /** How the consumer fares: stalled or not, failures, dead letters. */
  health(): SequencingHealth;
  /** Stops consuming, then signs a final checkpoint of every leaf not yet in one. */
  stop(): Promise<void>;
}

/**
 * Consumes `audit.record` (read committed; offsets committed after each batch is durable) into the sequencer, and
 * checkpoints on a timer. On every assignment the sequencer recovers from the store and the index first, so a new
 * owner of the partition continues the log exactly where the old one left it.
 */
export async function startSequencing(options: SequencingOptions): Promise<Sequencing> {
  const { sequencer, logger } = options;
  const stalledAfter = options.stalledAfterFailures ?? 3;
  const counts = { consecutiveFailures: 0, failingSince: 0, failedBatches: 0, deadLettered: 0 };
  let assigned = false;
  let ticking = false;
  const timer = setInterval(() => {
    if (!assigned || ticking) return;
    ticking = true;
    sequencer
      .tick()
      .catch((err: unknown) => logger.error({ err }, 'timed checkpoint failed; retried on the next tick'))
      .finally(() => (ticking = false));
  }, options.tickMs);
  timer.unref();
  const subscription: Subscription = await options.bus.consume(
    {
      groupId: options.groupId,
      topics: [options.topic],
      fromBeginning: true,
      onAssigned: async (assignment) => {
        assigned = assignment.some((a) => a.topic === options.topic && a.partitions.length > 0);
        sequencer.invalidate();
        // A failed recovery must not fail the assignment (the consumer would wait on it for ever): the sequencer
        // stays dirty, and each batch tries recovering again before it sequences anything.
        if (assigned)
          await sequencer
            .recover()
            .catch((err: unknown) => logger.error({ err }, 'recovery failed; retried before the next batch'));
      },
    },
    async (batch) => {
      let done: Awaited<ReturnType<typeof sequencer.handleBatch>>;
      try {
        done = await sequencer.handleBatch(batch);
      } catch (err) {
        // Retried by the consumer; counted, so that a batch that can never go through shows on /readyz and
        // /metrics instead of stopping the audit trail in silence.
        counts.failedBatches++;
        if (counts.consecutiveFailures++ === 0) counts.failingSince = Date.now();
        logger.error(
          {
            err,
            topic: batch.topic,
            partition: batch.partition,
            offset: batch.messages[0]?.offset,
            consecutiveFailures: counts.consecutiveFailures,
          },
          counts.consecutiveFailures >= stalledAfter
            ? 'audit batch failed again: the audit trail is stalled'
            : 'audit batch failed; it will be retried',
        );
        throw err;
      }
      counts.consecutiveFailures = 0;
      counts.deadLettered += done.deadLettered;
      logger.debug(
        {
          topic: batch.topic,
          partition: batch.partition,
          offset: batch.messages[0]?.offset,
          appended: done.appended,
          duplicates: done.duplicates,
        },
        'audit batch sequenced',
      );
    },
  );
  return {
    ready: subscription.ready,
    active: () => assigned,
    health: () => ({
      stalled: counts.consecutiveFailures >= stalledAfter,
      consecutiveFailures: counts.consecutiveFailures,
      stalledSeconds: counts.consecutiveFailures > 0 ? (Date.now() - counts.failingSince) / 1000 : 0,
      failedBatches: counts.failedBatches,
      deadLettered: counts.deadLettered,
    }),
    stop: async () => {
      clearInterval(timer);
      await subscription.stop();
      if (assigned) {
        const checkpoints = await sequencer.flush();
        logger.info({ size: sequencer.size(), checkpoints: checkpoints.length }, 'final checkpoint signed');
      }
      assigned = false;
    },
  };
}
