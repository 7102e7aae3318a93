import type { Logger } from 'pino';

/**
 * Graceful shutdown for a service's main: on the first SIGTERM or SIGINT, logs `stopping`, runs `stop` (close the
 * server, stop consuming, close connections), logs `stopped` and exits 0; exits 1 with the error logged if `stop`
 * fails. Later signals are ignored while it runs.
 */
export function shutdownOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    try {
      await stop();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
