// The kit's core: what every service and CLI needs and nothing heavy (no Kafka, S3, database or HTTP client is
// loaded by importing it). Adapters live behind subpaths: `@sharehub/kit/kafka`, `/s3`, `/sql`, `/http`, `/auth`,
// `/web`, and the fakes and contract suites behind `/testing`. `kitCore.int.test.ts` checks what this loads.
export * from './errors.js';
export { loadConfig, describeConfig, csv, flag, z } from './config.js';
export {
  refuseDevelopmentDefaults,
  productionRules,
  nodeEnv,
  DEV_KEY_HASH_SECRET,
  type ProductionRule,
} from './refuseDevelopmentDefaults.js';
export { createLogger, PERSONAL_DATA_PATHS, type Logger, type LoggerOptions } from './logger.js';
export type { Clock } from './ports/Clock.js';
export { systemClock } from './ports/Clock.js';
export type * from './ports/EventBus.js';
export { toTransformResult, DEFAULT_PARTITIONS_CONCURRENTLY } from './ports/EventBus.js';
export type * from './ports/BlobStore.js';
export type * from './ports/SqlDatabase.js';
export {
  kafkaSecuritySettings,
  checkKafkaSecurity,
  KAFKA_SECRETS,
  type KafkaSecurityConfig,
} from './kafkaSecuritySettings.js';
export { keyedHash } from './keyedHash.js';
export { canonicalJson, canonicalHash, NotJsonError, type CanonicalJsonOptions } from './canonicalJson.js';
export { shutdownOnSignals } from './shutdownOnSignals.js';
export { coalesce } from './coalesce.js';
export {
  FAULT_POINTS,
  FAULT_POINT_MARKER,
  createFaultPoint,
  faultPointSettings,
  noFaultPoint,
  noFaultPointInProduction,
  type FaultPoint,
  type FaultPointName,
} from './faultPoint.js';
export { CHECKOUT_ROOT, DEV_KEYS_DIR, DEV_KAFKA_BROKERS, DEV_S3_ENDPOINT } from './developmentDefaults.js';
export {
  ConsumerMonitor,
  type ConsumerMonitorOptions,
  type PartitionProgress,
} from './health/ConsumerMonitor.js';
export {
  createReadiness,
  type Readiness,
  type ReadinessCheck,
  type ReadinessOptions,
  type ReadinessReport,
  type CheckResult,
} from './health/createReadiness.js';
export {
  brokerReachable,
  blobStoreReachable,
  databaseReachable,
  consumersMoving,
} from './health/readinessChecks.js';
export { readinessSettings, type ReadinessConfig } from './health/readinessSettings.js';
export { serviceSettings, topicPrefixSetting } from './serviceSettings.js';
export {
  deadLetterHeaders,
  DEAD_LETTER_CODE_HEADER,
  DEAD_LETTER_FROM_HEADER,
} from './ports/deadLetterHeaders.js';
export { serviceReadiness, consumerMonitorFromConfig } from './health/serviceReadiness.js';
