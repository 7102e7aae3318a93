import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { KafkaSecurityConfig } from '../kafkaSecuritySettings.js';

/**
 * The kafkajs `ssl` and `sasl` options of validated settings (for `KafkaEventBus`'s `kafka` option), reading the
 * PEM files named. Empty when neither is set.
 */
export function kafkaClientSecurity(
  config: KafkaSecurityConfig,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const ssl = config.KAFKA_SSL
    ? {
        rejectUnauthorized: config.KAFKA_SSL_REJECT_UNAUTHORIZED,
        ...(config.KAFKA_SSL_CA_FILE ? { ca: [readFile(config.KAFKA_SSL_CA_FILE)] } : {}),
        ...(config.KAFKA_SSL_CERT_FILE && config.KAFKA_SSL_KEY_FILE
          ? { cert: readFile(config.KAFKA_SSL_CERT_FILE), key: readFile(config.KAFKA_SSL_KEY_FILE) }
          : {}),
      }
    : undefined;
  const sasl: SASLOptions | undefined =
    config.KAFKA_SASL_MECHANISM && config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD
      ? {
          mechanism: config.KAFKA_SASL_MECHANISM,
          username: config.KAFKA_SASL_USERNAME,
          password: config.KAFKA_SASL_PASSWORD,
        }
      : undefined;
  return { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}
