import type { Logger } from 'pino';

/** Broker errors kafkajs does not retry by itself inside a transaction, but which clear on their own. */
const RETRIABLE_TYPES = new Set([
  'CONCURRENT_TRANSACTIONS',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
]);

/** Runs a transactional call again while the broker answers with a transient coordinator error. */
export async function retryKafka<T>(call: () => Promise<T>, logger: Logger, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const type = (err as { type?: string }).type;
      if (!type || !RETRIABLE_TYPES.has(type) || attempt >= attempts) throw err;
      logger.debug({ type, attempt }, 'transient Kafka coordinator error, retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 500)));
    }
  }
}
