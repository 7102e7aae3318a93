import {
  csv,
  loadConfig,
  z,
  checkKafkaSecurity,
  faultPointSettings,
  kafkaSecuritySettings,
  nodeEnv,
  noFaultPointInProduction,
  refuseDevelopmentDefaults,
  readinessSettings,
} from '@sharehub/kit';

/** The triage service's settings, from the environment, validated once. */
export const triageConfigSchema = z
  .object({
    /** `production` refuses the development-only settings (here: a fault point). */
    NODE_ENV: nodeEnv(),
    KAFKA_BROKERS: csv().default(['127.0.0.1:9092']),
    /** Kafka TLS and SASL (kit's kafkaSecuritySettings; all unset: plaintext, as the local broker). */
    ...kafkaSecuritySettings,
    /** A fault point to pause at for a fault test (docs/adr/0102-fault-points.md); refused in production. */
    ...faultPointSettings,
    TRIAGE_GROUP_ID: z.string().default('sharehub-triage'),
    /** Prefix of every topic name (empty in production; a run tag for isolated benchmarks). */
    TOPIC_PREFIX: z.string().default(''),
    /**
     * How many input partitions' batches are handled at once (their households never overlap): by default every
     * partition of a fetch, so one transaction carries them all (ADR 0081).
     */
    TRIAGE_CONCURRENT_PARTITIONS: z.coerce.number().int().min(1).max(64).default(32),
    /**
     * Transaction lanes: the group's partitions are dealt into this many lanes, one transactional id pair each; it is
     * the most triage instances that share the work (more stand by). Every instance must use the same (ADR 0081).
     */
    TRIAGE_TRANSACTION_LANES: z.coerce.number().int().min(1).max(64).default(1),
    /**
     * The deployment's areas: a directory holding rulesets/AREA.json and directory/AREA.json for each area, all
     * loaded and checked at start-up (docs/domain/adding-an-area.md). Unset: the project's own reference areas.
     */
    AREAS_DIR: z.string().min(1).optional(),
    /** When stalls turn `/readyz` false and how long a dependency probe is trusted (kit's readinessSettings). */
    ...readinessSettings,
    /**
     * The port of the ops endpoints (`/healthz`, `/readyz`, `/metrics`; docs/metrics.md), e.g. 8085. Unset: none served
     * (two instances on one host, as the tests run them, would otherwise contend for one port).
     */
    TRIAGE_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    TRIAGE_HOST: z.string().default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine(checkKafkaSecurity);

/** The triage service's validated settings. */
export type TriageConfig = Readonly<z.infer<typeof triageConfigSchema>>;

/** Reads the triage service's settings from `env` (the process environment unless given: the one place it reads it); throws a ConfigError listing every problem. */
export function readTriageConfig(env: Record<string, string | undefined> = process.env): TriageConfig {
  const config = loadConfig(triageConfigSchema, env);
  refuseDevelopmentDefaults(config, { SHAREHUB_FAULT_PAUSE_AT: [noFaultPointInProduction] });
  return config;
}
