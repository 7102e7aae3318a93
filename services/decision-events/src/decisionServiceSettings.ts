import {
  checkKafkaSecurity,
  loadConfig,
  noFaultPointInProduction,
  refuseDevelopmentDefaults,
  z,
  serviceSettings,
  topicPrefixSetting,
} from '@sharehub/kit';

/** The settings a decision service names with its own prefix (TRIAGE_…, ROUTER_…). */
const ownSettings = (defaultGroupId: string) => ({
  GROUP_ID: z.string().default(defaultGroupId),
  /**
   * How many input partitions' batches are handled at once (their keys never overlap): by default every partition
   * of a fetch, so one transaction carries them all (ADR 0081).
   */
  CONCURRENT_PARTITIONS: z.coerce.number().int().min(1).max(64).default(32),
  /**
   * Transaction lanes: the group's partitions are dealt into this many lanes, one transactional id pair each; it is
   * the most instances that share the work (more stand by). Every instance must use the same (ADR 0081).
   */
  TRANSACTION_LANES: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * The port of the ops endpoints (`/healthz`, `/readyz`, `/metrics`; docs/metrics.md). Unset: none served (two
   * instances on one host, as the tests run them, would otherwise contend for one port).
   */
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().default('127.0.0.1'),
});
/** A decision service's own settings, as read (before its prefix). */
export interface OwnDecisionSettings {
  readonly GROUP_ID: string;
  readonly CONCURRENT_PARTITIONS: number;
  readonly TRANSACTION_LANES: number;
  readonly PORT?: number | undefined;
  readonly HOST: string;
}

const commonShape = {
  ...serviceSettings,
  ...topicPrefixSetting,
  /**
   * The deployment's areas: a directory holding rulesets/AREA.json and directory/AREA.json for each area, all
   * loaded and checked at start-up (docs/domain/adding-an-area.md). Unset: the project's own reference areas.
   */
  AREAS_DIR: z.string().min(1).optional(),
};

/** A decision service's validated settings: the common ones, and its own under its prefix. */
export type DecisionServiceConfig<P extends string> = Readonly<z.infer<z.ZodObject<typeof commonShape>>> & {
  readonly [K in keyof OwnDecisionSettings as `${P}_${K & string}`]: OwnDecisionSettings[K];
};

/**
 * The settings schema of a decision service (triage, router): the broker and its security, the topic prefix, the
 * deployment's areas, readiness and logging, which both read alike, and the service's own group, concurrency, lanes
 * and ops port under its prefix (`TRIAGE_GROUP_ID`, `ROUTER_PORT`, …).
 */
export function decisionServiceSchema(prefix: string, defaultGroupId: string) {
  const own = Object.fromEntries(
    Object.entries(ownSettings(defaultGroupId)).map(([name, schema]) => [`${prefix}_${name}`, schema]),
  );
  return z.object({ ...commonShape, ...own }).superRefine(checkKafkaSecurity);
}

/**
 * Reads a decision service's settings from `env` (its `config.ts` passes the process environment: the one place a
 * service reads it); throws a ConfigError listing every problem, and refuses a fault point in production.
 */
export function readDecisionServiceConfig<P extends string>(
  prefix: P,
  defaultGroupId: string,
  env: Record<string, string | undefined>,
): DecisionServiceConfig<P> {
  const config = loadConfig(decisionServiceSchema(prefix, defaultGroupId), env);
  refuseDevelopmentDefaults(config, { SHAREHUB_FAULT_PAUSE_AT: [noFaultPointInProduction] });
  return config as unknown as DecisionServiceConfig<P>;
}
