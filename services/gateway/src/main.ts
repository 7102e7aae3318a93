#!/usr/bin/env node
// The gateway process: config → adapters → app → listen, with graceful shutdown. Nothing else.
import { join } from 'node:path';
import { createCodec } from '@sharehub/schemas';
import {
  createFaultPoint,
  createLogger,
  databaseReachable,
  describeConfig,
  serviceReadiness,
  shutdownOnSignals,
  systemClock,
} from '@sharehub/kit';
import { authFailureLimit, createTokenVerifier, discoverTokenVerifierOptions } from '@sharehub/kit/auth';
import { closeServer, listen } from '@sharehub/kit/http';
import { KafkaEventBus, kafkaClientSecurity } from '@sharehub/kit/kafka';
import { PgDatabase } from '@sharehub/kit/sql';
import { avroEventCodec } from './avroEventCodec.js';
import { GATEWAY_SECRETS, readGatewayConfig } from './config.js';
import { createGatewayApp } from './createGatewayApp.js';
import { CachedAcceptedEventLedger } from './CachedAcceptedEventLedger.js';
import { cacheVerifiedTokens } from './cacheVerifiedTokens.js';
import { SqlAcceptedEventLedger } from './SqlAcceptedEventLedger.js';
import { SqliteAcceptedEventLedger } from './SqliteAcceptedEventLedger.js';

const config = readGatewayConfig();
const logger = createLogger('gateway', { level: config.LOG_LEVEL });
logger.info({ config: describeConfig(config, GATEWAY_SECRETS) }, 'starting');
// A no-op unless a fault test armed one (never in production: config refuses it).
const faultPoint = createFaultPoint(config.SHAREHUB_FAULT_PAUSE_AT, logger);

const bus = new KafkaEventBus({
  brokers: config.KAFKA_BROKERS,
  clientId: 'sharehub-gateway',
  logger,
  requestTimeoutMs: config.GATEWAY_PUBLISH_TIMEOUT_MS,
  faultPoint,
  kafka: kafkaClientSecurity(config),
});
// The durable ledger: PostgreSQL when DATABASE_URL is set, else an SQLite file (no WASM database per request: ADR 0043).
const db = config.DATABASE_URL ? new PgDatabase(config.DATABASE_URL) : undefined;
const durable = db
  ? await SqlAcceptedEventLedger.open(db)
  : SqliteAcceptedEventLedger.open(join(config.GATEWAY_DATA_DIR, 'ledger.sqlite'));
const ledger = new CachedAcceptedEventLedger(durable, {
  maxEntries: config.GATEWAY_LEDGER_MEMORY_ENTRIES,
  onRecordFailed: (err) =>
    logger.warn({ err }, 'an acceptance was not written to the ledger (the claim holds)'),
});
const app = createGatewayApp({
  bus,
  codec: avroEventCodec(createCodec()),
  ledger,
  verifier: cacheVerifiedTokens(createTokenVerifier(await discoverTokenVerifierOptions(config)), {
    maxEntries: config.GATEWAY_TOKEN_CACHE_ENTRIES,
  }),
  authFailures: authFailureLimit(config),
  logger,
  clock: systemClock,
  keySecret: config.KEY_HASH_SECRET,
  bodyLimitBytes: config.GATEWAY_BODY_LIMIT_BYTES,
  batchBodyLimitBytes: config.GATEWAY_BATCH_BODY_LIMIT_BYTES,
  publishTimeoutMs: config.GATEWAY_PUBLISH_TIMEOUT_MS,
  topicPrefix: config.TOPIC_PREFIX,
  faultPoint,
  // Not ready while the broker, or the ledger's PostgreSQL when DATABASE_URL is set, does not answer.
  readiness: serviceReadiness({ bus, config, checks: db ? [databaseReachable(db)] : [] }),
});
const { server, url } = await listen(app, config.GATEWAY_PORT, config.GATEWAY_HOST);
logger.info({ url }, 'gateway listening');

shutdownOnSignals(logger, async () => {
  await closeServer(server);
  await bus.close();
  await ledger.flush();
  if (db) await db.close();
  if (durable instanceof SqliteAcceptedEventLedger) durable.close();
});
