#!/usr/bin/env node
// The audit service: config → adapters → sequencer and IG API → start, with graceful shutdown (SIGTERM/SIGINT)
// that stops consuming, signs a final checkpoint and closes every connection.
import {
  blobStoreReachable,
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
import { createCodec } from '@sharehub/schemas';
import { AUDIT_SECRETS, readAuditConfig } from './config.js';
import { createAuditApp } from './http/createAuditApp.js';
import { AuditLogReadModel } from './log/AuditLogReadModel.js';
import { AuditSequencer } from './log/AuditSequencer.js';
import { checkSigningKey } from './log/checkpointKeyChain.js';
import { ensureSigningKey } from './log/ensureSigningKey.js';
import { openAuditStores } from './openAuditStores.js';
import { startSequencing, type Sequencing } from './startSequencing.js';
import { redriveDeadLetters } from './deadletters/redriveDeadLetters.js';
import { SqlDeadLetterStore } from './deadletters/SqlDeadLetterStore.js';
import { startDeadLetterIntake } from './deadletters/startDeadLetterIntake.js';

const DAY_MS = 86_400_000;

const config = readAuditConfig();
const logger = createLogger('audit', { level: config.LOG_LEVEL });
logger.info({ config: describeConfig(config, AUDIT_SECRETS) }, 'starting');
// A no-op unless a fault test armed one (never in production: config refuses it).
const faultPoint = createFaultPoint(config.SHAREHUB_FAULT_PAUSE_AT, logger);

const stores = await openAuditStores(config, { createBucket: true });
const codec = createCodec();
// Production never generates a key: a missing one is an error (a new key would orphan the log's checkpoints).
const key = await ensureSigningKey(config.AUDIT_SIGNING_KEY, config.AUDIT_JWKS, {
  generate: config.NODE_ENV !== 'production',
});
if (key.created) logger.info({ kid: key.kid, jwks: config.AUDIT_JWKS }, 'checkpoint signing key generated');
let checkpointKeys: Awaited<ReturnType<typeof checkSigningKey>>;
try {
  // The bucket's latest checkpoint must verify with the keys this service trusts, and its own key must be one of
  // them: never append to a log under a key no verifier of that log can trust.
  checkpointKeys = await checkSigningKey(stores.blobs, config.AUDIT_LOG_ID, key, key.jwks.keys);
} catch (err) {
  logger.fatal({ err }, 'refusing to append to the audit log');
  await stores.close();
  process.exit(1);
}
// Every consumer of the bus reports its lag, progress and dead letters here: /readyz and /metrics read it.
const monitor = consumerMonitorFromConfig(config);
const bus = new KafkaEventBus({
  brokers: config.KAFKA_BROKERS,
  clientId: 'sharehub-audit',
  logger,
  kafka: kafkaClientSecurity(config),
  faultPoint,
  monitor,
});
// Reads (checkpoints, proofs) come from what the writer persists, so they are answered whether or not this instance
// holds the partition (ADR 0064); the writer hands over the checkpoints it signs so they are answered at once.
const readModel = new AuditLogReadModel({
  logId: config.AUDIT_LOG_ID,
  blobStore: stores.blobs,
  index: stores.index,
});
const sequencer = new AuditSequencer({
  log: {
    logId: config.AUDIT_LOG_ID,
    blobStore: stores.blobs,
    clock: systemClock,
    signingKey: { kid: key.kid, privateKey: key.privateJwk },
    faultPoint,
    checkpointEvery: {
      leaves: config.AUDIT_CHECKPOINT_EVERY,
      seconds: config.AUDIT_CHECKPOINT_INTERVAL_MS / 1000,
    },
    ...(config.AUDIT_RETENTION_DAYS > 0
      ? { retainUntil: (now: Date) => new Date(now.getTime() + config.AUDIT_RETENTION_DAYS * DAY_MS) }
      : {}),
  },
  index: stores.index,
  codec,
  logger,
  deadLetter: { bus, topic: config.AUDIT_DEADLETTER_TOPIC, groupId: config.AUDIT_GROUP_ID },
  faultPoint,
  onCheckpoints: (checkpoints) => readModel.noteCheckpoints(checkpoints),
});
// The operator's dead letters (ADR 0062): every service's dead-letter topic read into a table beside the index.
const deadLetterStore = await SqlDeadLetterStore.open(
  stores.db,
  config.AUDIT_DB_SCHEMA ? { schema: config.AUDIT_DB_SCHEMA } : {},
);
const deadLetters = {
  store: deadLetterStore,
  listMax: config.AUDIT_DEADLETTER_LIST_MAX,
  redrive: redriveDeadLetters({
    store: deadLetterStore,
    bus,
    codec,
    auditTopic: config.AUDIT_TOPIC,
    clock: systemClock,
    logger,
    listMax: config.AUDIT_DEADLETTER_LIST_MAX,
  }),
};
// Set once the consumer starts; the readiness probe may run before that.
const running: { sequencing?: Sequencing } = {};
const app = createAuditApp({
  index: stores.index,
  log: readModel,
  checkpointKeys,
  verifier: createTokenVerifier(await discoverTokenVerifierOptions(config)),
  authFailures: authFailureLimit(config),
  secureCookie: config.AUDIT_SECURE_COOKIE,
  pageSignIn: await pageSignInFromConfig(config),
  logger,
  clock: systemClock,
  pageSize: { default: config.AUDIT_PAGE_SIZE, max: config.AUDIT_PAGE_SIZE_MAX },
  deadLetters,
  // Not ready while the broker, S3 or the index's database does not answer, a consumer is stalled or crashed, or
  // the sequencer does not hold the partition or keeps failing the same batch (docs/metrics.md#readiness).
  readiness: serviceReadiness({
    bus,
    config,
    monitor,
    checks: [
      blobStoreReachable(stores.blobs),
      databaseReachable(stores.db),
      {
        name: 'sequencing',
        cacheMs: 0,
        probe: () =>
          !running.sequencing?.active()
            ? 'the audit partition is not held'
            : running.sequencing.health().stalled
              ? `the same batch failed ${running.sequencing.health().consecutiveFailures} times`
              : true,
      },
    ],
  }),
  consumers: monitor,
  sequencingHealth: () => running.sequencing?.health(),
  indexBehind: () => stores.index.behind(),
  auditAccess: (record) =>
    bus.publish([
      { topic: config.AUDIT_TOPIC, key: record.auditId, value: codec.encode('AuditRecord', record) },
    ]),
});
// Recovered once before serving, so checkpoints and proofs are there at once; again on every partition assignment.
try {
  await sequencer.recover();
} catch (err) {
  // A gap, a mis-hashed leaf or an index that disagrees with the archive: refuse to sequence on it.
  logger.fatal({ err }, 'the audit log cannot be recovered; run `npm run -s verify`');
  await stores.close();
  process.exit(1);
}
const { server, url } = await listen(app, config.AUDIT_PORT, config.AUDIT_HOST);
const sequencing = await startSequencing({
  bus,
  sequencer,
  topic: config.AUDIT_TOPIC,
  groupId: config.AUDIT_GROUP_ID,
  logger,
  tickMs: Math.min(1_000, Math.max(50, Math.floor(config.AUDIT_CHECKPOINT_INTERVAL_MS / 4))),
});
running.sequencing = sequencing;
const deadLetterIntake = await startDeadLetterIntake({
  bus,
  codec,
  store: deadLetterStore,
  logger,
  topic: config.AUDIT_DEADLETTER_TOPIC,
  groupId: config.AUDIT_DEADLETTER_GROUP_ID ?? `${config.AUDIT_GROUP_ID}-deadletters`,
});
logger.info({ url, topic: config.AUDIT_TOPIC, bucket: config.AUDIT_BUCKET }, 'audit service listening');

shutdownOnSignals(logger, async () => {
  await closeServer(server);
  await deadLetterIntake.stop();
  await sequencing.stop(); // signs the final checkpoint
  await bus.close();
  await stores.close();
});
