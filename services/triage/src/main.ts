#!/usr/bin/env node
// The triage process: config → adapters → service → start, with graceful shutdown. Nothing else.
import { loadAreas, retentionFor } from '@sharehub/decision-core';
import { hubTopics } from '@sharehub/decision-events';
import {
  consumerMonitorFromConfig,
  createFaultPoint,
  createLogger,
  serviceReadiness,
  shutdownOnSignals,
} from '@sharehub/kit';
import { closeServer, createHttpApp, finishHttpApp, listen } from '@sharehub/kit/http';
import { KafkaEventBus, kafkaClientSecurity } from '@sharehub/kit/kafka';
import { createCodec } from '@sharehub/schemas';
import { readTriageConfig } from './config.js';
import { createTriageService } from './createTriageService.js';

const config = readTriageConfig();
const logger = createLogger('triage', { level: config.LOG_LEVEL });
// Every area's ruleset and directory is checked now: a broken file stops the start, naming the file and field.
const areaOf = loadAreas(config.AREAS_DIR);
logger.info({ areas: areaOf.areas }, 'areas loaded');
// Every consumer of the bus reports its lag, progress and dead letters here: /readyz and /metrics read it.
const monitor = consumerMonitorFromConfig(config);
const bus = new KafkaEventBus({
  brokers: config.KAFKA_BROKERS,
  clientId: 'sharehub-triage',
  logger,
  kafka: kafkaClientSecurity(config),
  // A no-op unless a fault test armed one (never in production: config refuses it).
  faultPoint: createFaultPoint(config.SHAREHUB_FAULT_PAUSE_AT, logger),
  monitor,
});
const service = createTriageService({
  bus,
  codec: createCodec(),
  areaOf,
  logger,
  groupId: config.TRIAGE_GROUP_ID,
  partitionsConcurrently: config.TRIAGE_CONCURRENT_PARTITIONS,
  lanes: config.TRIAGE_TRANSACTION_LANES,
  topics: hubTopics(config.TOPIC_PREFIX),
  retention: retentionFor(areaOf.areas.map(areaOf)),
});
await service.start();
logger.info({ groupId: config.TRIAGE_GROUP_ID }, 'triage consuming');
// The ops endpoints, when a port is set: health, readiness (broker, consumers moving) and metrics (docs/metrics.md).
const ops =
  config.TRIAGE_PORT === undefined
    ? undefined
    : await listen(
        finishHttpApp(
          createHttpApp({
            service: 'triage',
            logger,
            readiness: serviceReadiness({ bus, config, monitor }),
            consumers: monitor,
          }).app,
          logger,
        ),
        config.TRIAGE_PORT,
        config.TRIAGE_HOST,
      );
if (ops) logger.info({ url: ops.url }, 'triage ops listening');

shutdownOnSignals(logger, async () => {
  if (ops) await closeServer(ops.server);
  await service.stop();
  await bus.close();
});
