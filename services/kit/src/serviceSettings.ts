import { csv, z } from './config.js';
import { DEV_KAFKA_BROKERS } from './developmentDefaults.js';
import { faultPointSettings } from './faultPoint.js';
import { readinessSettings } from './health/readinessSettings.js';
import { kafkaSecuritySettings } from './kafkaSecuritySettings.js';
import { nodeEnv } from './refuseDevelopmentDefaults.js';

/**
 * The settings every hub service reads alike, to spread into its schema (`z.object({ ...serviceSettings, … })`, then
 * `.superRefine(checkKafkaSecurity)`): `NODE_ENV` (`production` refuses every development default, docs/SECURITY.md),
 * `KAFKA_BROKERS` (the local broker unless set), Kafka TLS and SASL (`kafkaSecuritySettings`; all unset: plaintext),
 * a fault point for a fault test (docs/adr/0102-fault-points.md; refused in production), when stalls turn `/readyz`
 * false and how long a dependency probe is trusted (`readinessSettings`), and `LOG_LEVEL`.
 */
export const serviceSettings = {
  NODE_ENV: nodeEnv(),
  KAFKA_BROKERS: csv().default([DEV_KAFKA_BROKERS]),
  ...kafkaSecuritySettings,
  ...faultPointSettings,
  ...readinessSettings,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/** `TOPIC_PREFIX`: prefix of every topic name (empty in production; a run tag for isolated runs and benchmarks). */
export const topicPrefixSetting = { TOPIC_PREFIX: z.string().default('') };
