import { loadAreas, retentionFor, type AreaContext, type HistoryRetention } from '@sharehub/decision-core';
import {
  consumerMonitorFromConfig,
  createFaultPoint,
  createLogger,
  serviceReadiness,
  shutdownOnSignals,
  type EventBus,
  type Logger,
} from '@sharehub/kit';
import { closeServer, createHttpApp, finishHttpApp, listen } from '@sharehub/kit/http';
import { KafkaEventBus, kafkaClientSecurity } from '@sharehub/kit/kafka';
import { createCodec, type Codec } from '@sharehub/schemas';
import type { DecisionServiceConfig, OwnDecisionSettings } from './decisionServiceSettings.js';
import { hubTopics, type HubTopics } from './hubTopics.js';

/** What every decision service (triage, router) is built from; each adds nothing but its own domain. */
export interface DecisionServiceDeps {
  readonly bus: EventBus;
  readonly codec: Codec;
  readonly areaOf: (area: string) => AreaContext;
  readonly logger: Logger;
  readonly groupId: string;
  /** How many input partitions are handled at once (default: every partition of a fetch). */
  readonly partitionsConcurrently?: number;
  /** Transaction lanes of the group (default 1: the most instances that share the work; ADR 0081). */
  readonly lanes?: number;
  /** The topic catalogue, its prefix applied once (default: unprefixed). */
  readonly topics?: HubTopics;
  /**
   * What the history keeps (ADR 0082): the longest look-back of the deployment's rules and the lateness allowed
   * (main: `retentionFor` of every loaded area). Default: 12 months and DEFAULT_LATENESS_DAYS.
   */
  readonly retention?: HistoryRetention;
}

/**
 * A decision service's process: its validated settings → the areas (every ruleset and directory checked now: a
 * broken file stops the start, naming the file and field) → the Kafka bus with its consumer monitor → the service →
 * start → the ops endpoints when `<PREFIX>_PORT` is set (health, readiness: broker reachable and consumers moving,
 * metrics; docs/metrics.md) → graceful shutdown on SIGTERM/SIGINT. Logs `<name> consuming` once started.
 */
export async function runDecisionService<P extends string>(options: {
  readonly name: string;
  readonly prefix: P;
  readonly config: DecisionServiceConfig<P>;
  readonly create: (deps: DecisionServiceDeps) => { start(): Promise<unknown>; stop(): Promise<void> };
}): Promise<void> {
  const { name, config } = options;
  const own = <K extends keyof OwnDecisionSettings>(setting: K) =>
    (config as unknown as Record<string, unknown>)[`${options.prefix}_${setting}`] as OwnDecisionSettings[K];
  const groupId = own('GROUP_ID');
  const port = own('PORT');
  const logger = createLogger(name, { level: config.LOG_LEVEL });
  const areaOf = loadAreas(config.AREAS_DIR);
  logger.info({ areas: areaOf.areas }, 'areas loaded');
  // Every consumer of the bus reports its lag, progress and dead letters here: /readyz and /metrics read it.
  const monitor = consumerMonitorFromConfig(config);
  const bus = new KafkaEventBus({
    brokers: config.KAFKA_BROKERS,
    clientId: `sharehub-${name}`,
    logger,
    kafka: kafkaClientSecurity(config),
    // A no-op unless a fault test armed one (never in production: config refuses it).
    faultPoint: createFaultPoint(config.SHAREHUB_FAULT_PAUSE_AT, logger),
    monitor,
  });
  const service = options.create({
    bus,
    codec: createCodec(),
    areaOf,
    logger,
    groupId,
    partitionsConcurrently: own('CONCURRENT_PARTITIONS'),
    lanes: own('TRANSACTION_LANES'),
    topics: hubTopics(config.TOPIC_PREFIX),
    retention: retentionFor(areaOf.areas.map(areaOf)),
  });
  await service.start();
  logger.info({ groupId }, `${name} consuming`);
  const ops =
    port === undefined
      ? undefined
      : await listen(
          finishHttpApp(
            createHttpApp({
              service: name,
              logger,
              readiness: serviceReadiness({ bus, config, monitor }),
              consumers: monitor,
            }).app,
            logger,
          ),
          port,
          own('HOST'),
        );
  if (ops) logger.info({ url: ops.url }, `${name} ops listening`);
  shutdownOnSignals(logger, async () => {
    if (ops) await closeServer(ops.server);
    await service.stop();
    await bus.close();
  });
}
