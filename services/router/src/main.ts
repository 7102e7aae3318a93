#!/usr/bin/env node
// The router process: config → adapters → service → start, with graceful shutdown. Nothing else.
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
import { readRouterConfig } from './config.js';
import { createRouterService } from './createRouterService.js';

const config = readRouterConfig();
const logger = createLogger('router', { level: config.LOG_LEVEL });
// Every area's ruleset and directory is checked now: a broken file stops the start, naming the file and field.
const areaOf = loadAreas(config.AREAS_DIR);
logger.info({ areas: areaOf.areas }, 'areas loaded');
// Every consumer of the bus reports its lag, progress and dead letters here: /readyz and /metrics read it.
const monitor = consumerMonitorFromConfig(config);
const bus = new KafkaEventBus({
  brokers: config.KAFKA_BROKERS,
  clientId: 'sharehub-router',
  logger,
  kafka: kafkaClientSecurity(config),
  // A no-op unless a fault test armed one (never in production: config refuses it).
  faultPoint: createFaultPoint(config.SHAREHUB_FAULT_PAUSE_AT, logger),
  monitor,
});
const service = createRouterService({
  bus,
  codec: createCodec(),
  areaOf,
  logger,
  groupId: config.ROUTER_GROUP_ID,
  partitionsConcurrently: config.ROUTER_CONCURRENT_PARTITIONS,
  lanes: config.ROUTER_TRANSACTION_LANES,
  topics: hubTopics(config.TOPIC_PREFIX),
  retention: retentionFor(areaOf.areas.map(areaOf)),
});
await service.start();
logger.info({ groupId: config.ROUTER_GROUP_ID }, 'router consuming');
// The ops endpoints, when a port is set: health, readiness (broker, consumers moving) and metrics (docs/metrics.md).
const ops =
  config.ROUTER_PORT === undefined
    ? undefined
    : await listen(
        finishHttpApp(
          createHttpApp({
            service: 'router',
            logger,
            readiness: serviceReadiness({ bus, config, monitor }),
            consumers: monitor,
          }).app,
          logger,
        ),
        config.ROUTER_PORT,
        config.ROUTER_HOST,
      );
if (ops) logger.info({ url: ops.url }, 'router ops listening');

shutdownOnSignals(logger, async () => {
  if (ops) await closeServer(ops.server);
  await service.stop();
  await bus.close();
});
