#!/usr/bin/env node
// The router process: config → adapters → service → start, with graceful shutdown. Nothing else.
import { loadAreas } from '@sharehub/decision-core';
import { prefixedTopics } from '@sharehub/contracts';
import { createLogger, shutdownOnSignals } from '@sharehub/kit';
import { KafkaEventBus, kafkaClientSecurity } from '@sharehub/kit/kafka';
import { createCodec } from '@sharehub/schemas';
import { readRouterConfig } from './config.js';
import { createRouterService } from './createRouterService.js';

const config = readRouterConfig();
const logger = createLogger('router', { level: config.LOG_LEVEL });
// Every area's ruleset and directory is checked now: a broken file stops the start, naming the file and field.
const areaOf = loadAreas(config.AREAS_DIR);
logger.info({ areas: areaOf.areas }, 'areas loaded');
const bus = new KafkaEventBus({
  brokers: config.KAFKA_BROKERS,
  clientId: 'sharehub-router',
  logger,
  kafka: kafkaClientSecurity(config),
});
const t = prefixedTopics(config.TOPIC_PREFIX);
const service = createRouterService({
  bus,
  codec: createCodec(),
  areaOf,
  logger,
  groupId: config.ROUTER_GROUP_ID,
  partitionsConcurrently: config.ROUTER_CONCURRENT_PARTITIONS,
  topics: {
    carePlans: t.carePlanIssued,
    hubCarePlans: t.hubCarePlan,
    listings: t.maracListed,
    consents: t.consentRecorded,
  },
  outputs: {
    notifications: t.notification,
    triage: t.triageRequired,
    decisions: t.shareDecided,
    audit: t.auditRecord,
    deadLetter: t.deadLetter,
  },
});
await service.start();
logger.info({ groupId: config.ROUTER_GROUP_ID }, 'router consuming');

shutdownOnSignals(logger, async () => {
  await service.stop();
  await bus.close();
});
