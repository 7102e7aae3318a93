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
export {
  KafkaEventBus,
  type KafkaEventBusOptions,
  type KafkaEventBusStats,
} from './adapters/KafkaEventBus.js';
export { S3BlobStore, type S3BlobStoreOptions, type ServerSideEncryption } from './adapters/S3BlobStore.js';
export {
  kafkaSecuritySettings,
  checkKafkaSecurity,
  kafkaClientSecurity,
  KAFKA_SECRETS,
  type KafkaSecurityConfig,
} from './adapters/kafkaSecurity.js';
export { provisionTopics, type TopicSpec } from './adapters/provisionTopics.js';
export { retryKafka } from './adapters/retryKafka.js';
export type * from './ports/SqlDatabase.js';
export { PgDatabase } from './db/PgDatabase.js';
export { PGliteDatabase } from './db/PGliteDatabase.js';
export { openDatabase } from './db/openDatabase.js';
export { PROBLEM_JSON, toProblem, problemHandler, notFoundHandler, type Problem } from './http/problem.js';
export { createHttpApp, type HttpAppOptions } from './http/createHttpApp.js';
export { finishHttpApp } from './http/finishHttpApp.js';
export { listen, closeServer } from './http/listen.js';
export { ROLES, type Role, type Caller } from './auth/claims.js';
export {
  createTokenVerifier,
  TOKEN_DEFAULTS,
  requireRole,
  callerOf,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './auth/createTokenVerifier.js';
export {
  ensureDevKeys,
  signDevToken,
  devKeyPaths,
  DEV_ISSUER,
  DEV_TOKEN_LIFETIME,
  type DevTokenClaims,
} from './auth/devKeys.js';
export {
  authSettings,
  authProductionRules,
  tokenVerifierOptions,
  authFailureLimit,
  type AuthSettings,
} from './auth/authSettings.js';
export { limitAuthFailures, AUTH_FAILURE_DEFAULTS, type AuthFailureLimit } from './http/limitAuthFailures.js';
export { SERVICE_AUDIENCES, audienceForRole, type ServiceAudience } from './auth/audiences.js';
export { keyedHash } from './keyedHash.js';
export { canonicalJson, canonicalHash } from './canonicalJson.js';
export { html, SafeHtml } from './web/html.js';
export { renderPage, type PageFrame } from './web/renderPage.js';
export { pageSecurityHeaders } from './web/pageSecurityHeaders.js';
export { refuseCrossSite } from './web/refuseCrossSite.js';
export { createPageSession, type PageSession, type PageSessionOptions } from './web/pageSession.js';
export { formatLondonTime } from './web/formatLondonTime.js';
export { shutdownOnSignals } from './shutdownOnSignals.js';
export { coalesce } from './coalesce.js';
