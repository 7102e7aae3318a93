import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

/** kafkajs notices that are expected here and would only be noise at warn level. */
const QUIET = [
  'KafkaJS v2.0.0 switched default partitioner', // we use the default (Java-compatible) partitioner on purpose
  'Limiting retries for the idempotent producer', // publish fails fast so the gateway can answer 503; the caller retries
];

/** Routes kafkajs's own log lines into the service's pino logger (docs/style.md, section 6). */
export function kafkaLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const {
        message,
        timestamp: _timestamp,
        ...extra
      } = log as { message: string; timestamp?: string } & Record<string, unknown>;
      const fields = { namespace, ...extra };
      if (QUIET.some((prefix) => message.startsWith(prefix))) child.debug(fields, message);
      else if (level === logLevel.ERROR) child.error(fields, message);
      else if (level === logLevel.WARN) child.warn(fields, message);
      else if (level === logLevel.INFO) child.debug(fields, message);
      else child.trace(fields, message);
    };
}
