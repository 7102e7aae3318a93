#!/usr/bin/env node
// The gateway process: config → adapters → app → listen, with graceful shutdown. Nothing else.
import { createCodec } from '@sharehub/schemas';
import { createLogger, describeConfig, shutdownOnSignals, systemClock } from '@sharehub/kit';
import { authFailureLimit, createTokenVerifier, tokenVerifierOptions } from '@sharehub/kit/auth';
import { closeServer, listen } from '@sharehub/kit/http';
import { KafkaEventBus, kafkaClientSecurity } from '@sharehub/kit/kafka';
import { openDatabase } from '@sharehub/kit/sql';
import { avroEventCodec } from './avroEventCodec.js';
import { GATEWAY_SECRETS, readGatewayConfig } from './config.js';
import { createGatewayApp } from './createGatewayApp.js';
import { SqlAcceptedEventLedger } from './SqlAcceptedEventLedger.js';

const config = readGatewayConfig();
const logger = createLogger('gateway', { level: config.LOG_LEVEL });
logger.info({ config: describeConfig(config, GATEWAY_SECRETS) }, 'starting');

const bus = new KafkaEventBus({
  brokers: config.KAFKA_BROKERS,
  clientId: 'sharehub-gateway',
  logger,
  requestTimeoutMs: config.GATEWAY_PUBLISH_TIMEOUT_MS,
  kafka: kafkaClientSecurity(config),
});
const db = await openDatabase({ url: config.DATABASE_URL, embeddedDir: config.GATEWAY_DATA_DIR });
const ledger = await SqlAcceptedEventLedger.open(db);
const app = createGatewayApp({
  bus,
  codec: avroEventCodec(createCodec()),
  ledger,
  verifier: createTokenVerifier(tokenVerifierOptions(config)),
  authFailures: authFailureLimit(config),
  logger,
  clock: systemClock,
  keySecret: config.KEY_HASH_SECRET,
  bodyLimitBytes: config.GATEWAY_BODY_LIMIT_BYTES,
  publishTimeoutMs: config.GATEWAY_PUBLISH_TIMEOUT_MS,
  topicPrefix: config.TOPIC_PREFIX,
});
const { server, url } = await listen(app, config.GATEWAY_PORT, config.GATEWAY_HOST);
logger.info({ url }, 'gateway listening');

shutdownOnSignals(logger, async () => {
  await closeServer(server);
  await bus.close();
  await db.close();
});
