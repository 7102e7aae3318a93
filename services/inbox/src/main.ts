#!/usr/bin/env node
// The inbox service: config → adapters → inbox → start, with graceful shutdown (SIGTERM/SIGINT). Nothing else.
import { loadAreas } from '@sharehub/decision-core';
import {
  consumerMonitorFromConfig,
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
import { pageSignInFromConfig } from '@sharehub/kit/web';
import { KafkaEventBus, kafkaClientSecurity } from '@sharehub/kit/kafka';
import { openDatabase } from '@sharehub/kit/sql';
import { createCodec } from '@sharehub/schemas';
import { INBOX_SECRETS, readInboxConfig } from './config.js';
import { createInbox } from './createInbox.js';
import { inboxTopics } from './events/inboxTopics.js';
import { SqlInboxStore } from './store/SqlInboxStore.js';

const config = readInboxConfig();
const logger = createLogger('inbox', { level: config.LOG_LEVEL });
logger.info({ config: describeConfig(config, INBOX_SECRETS) }, 'starting');
// A no-op unless a fault test armed one (never in production: config refuses it).
const faultPoint = createFaultPoint(config.SHAREHUB_FAULT_PAUSE_AT, logger);
// Every area's ruleset and directory is checked now: a broken file stops the start, naming the file and field.
const areaOf = loadAreas(config.AREAS_DIR);
logger.info({ areas: areaOf.areas }, 'areas loaded');

const db = await openDatabase({ url: config.DATABASE_URL, embeddedDir: config.INBOX_DATA_DIR });
const store = await SqlInboxStore.open(db, config.INBOX_DB_SCHEMA ? { schema: config.INBOX_DB_SCHEMA } : {});
// Every consumer of the bus reports its lag, progress and dead letters here: /readyz and /metrics read it.
const monitor = consumerMonitorFromConfig(config);
const bus = new KafkaEventBus({
  brokers: config.KAFKA_BROKERS,
  clientId: 'sharehub-inbox',
  logger,
  kafka: kafkaClientSecurity(config),
  faultPoint,
  monitor,
});
const inbox = createInbox({
  store,
  bus,
  codec: createCodec(),
  clock: systemClock,
  logger,
  verifier: createTokenVerifier(await discoverTokenVerifierOptions(config)),
  authFailures: authFailureLimit(config),
  areaOf,
  topics: inboxTopics(config.TOPIC_PREFIX),
  groupId: config.INBOX_GROUP_ID,
  triageTeams: config.INBOX_TRIAGE_TEAMS,
  intervals: {
    escalationMs: config.INBOX_ESCALATION_INTERVAL_MS,
    outboxMs: config.INBOX_OUTBOX_INTERVAL_MS,
    streamPollMs: config.INBOX_STREAM_POLL_MS,
  },
  streamsPerToken: config.INBOX_STREAMS_PER_TOKEN,
  pageSize: { default: config.INBOX_PAGE_SIZE, max: config.INBOX_PAGE_SIZE_MAX },
  auditUrl: config.INBOX_AUDIT_URL,
  secureCookie: config.INBOX_SECURE_COOKIE,
  pageSignIn: await pageSignInFromConfig(config),
  faultPoint,
  // Not ready while the broker or the store's database does not answer, or a consumer is stalled or crashed.
  readiness: serviceReadiness({ bus, config, monitor, checks: [databaseReachable(db)] }),
  consumers: monitor,
});
await inbox.start();
const { server, url } = await listen(inbox.app, config.INBOX_PORT, config.INBOX_HOST);
logger.info({ url, groupId: config.INBOX_GROUP_ID }, 'inbox listening');

// Live streams never end by themselves: give requests in flight two seconds, then close every connection.
shutdownOnSignals(logger, async () => {
  const closing = closeServer(server);
  setTimeout(() => server.closeAllConnections(), 2_000).unref();
  await closing;
  await inbox.stop();
  await bus.close();
  await store.close();
});
