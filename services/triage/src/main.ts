#!/usr/bin/env node
// The triage process: config → adapters → service → start, with graceful shutdown. Nothing else.
import { createAreaRegistry } from '@sharehub/decision-core';
import { prefixedTopics } from '@sharehub/infra';
import { createLogger, KafkaEventBus, shutdownOnSignals, kafkaClientSecurity } from '@sharehub/kit';
import { createCodec } from '@sharehub/schemas';
import { readTriageConfig } from './config.js';
import { createTriageService } from './createTriageService.js';

const config = readTriageConfig(process.env);
const logger = createLogger('triage', { level: config.LOG_LEVEL });
const bus = new KafkaEventBus({
  brokers: config.KAFKA_BROKERS,
  clientId: 'sharehub-triage',
  logger,
  kafka: kafkaClientSecurity(config),
});
const t = prefixedTopics(config.TOPIC_PREFIX);
const service = createTriageService({
  bus,
  codec: createCodec(),
  areaOf: createAreaRegistry(),
  logger,
  groupId: config.TRIAGE_GROUP_ID,
  partitionsConcurrently: config.TRIAGE_CONCURRENT_PARTITIONS,
  topics: { incidents: t.incidentRecorded, carePlans: t.carePlanIssued },
  outputs: { carePlans: t.hubCarePlan, decisions: t.shareDecided, audit: t.auditRecord },
});
await service.start();
logger.info({ groupId: config.TRIAGE_GROUP_ID }, 'triage consuming');

shutdownOnSignals(logger, async () => {
  await service.stop();
  await bus.close();
});
