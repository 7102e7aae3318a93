import { join } from 'node:path';
import {
  checkKafkaSecurity,
  CHECKOUT_ROOT,
  DEV_KEYS_DIR,
  DEV_KEY_HASH_SECRET,
  noFaultPointInProduction,
  loadConfig,
  productionRules,
  refuseDevelopmentDefaults,
  z,
  serviceSettings,
  topicPrefixSetting,
} from '@sharehub/kit';
import { authProductionRules, authSettings, devKeyPaths, SERVICE_AUDIENCES } from '@sharehub/kit/auth';

const DEV_JWKS = devKeyPaths(DEV_KEYS_DIR).jwks;

/** The gateway's settings, from the environment, validated once. */
export const gatewayConfigSchema = z
  .object({
    ...serviceSettings,
    ...topicPrefixSetting,
    GATEWAY_HOST: z.string().default('127.0.0.1'),
    GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    GATEWAY_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(256 * 1024),
    /** The body limit of `POST /v1/events:batch` (up to 500 events). */
    GATEWAY_BATCH_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(4 * 1024 * 1024),
    /** Verified tokens remembered until they expire (ADR 0045). */
    GATEWAY_TOKEN_CACHE_ENTRIES: z.coerce.number().int().min(1).default(10_000),
    /** Event ids the ledger holds in memory in front of its file or database (ADR 0043; ~40 MiB per 100,000). */
    GATEWAY_LEDGER_MEMORY_ENTRIES: z.coerce.number().int().min(1).default(100_000),
    /** How long a publish may wait for the broker before the gateway answers 503. */
    GATEWAY_PUBLISH_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
    /** PostgreSQL for the accepted-event ledger; unset: an SQLite file in the data folder (ADR 0043). */
    DATABASE_URL: z.string().optional(),
    GATEWAY_DATA_DIR: z.string().default(join(CHECKOUT_ROOT, '.data', 'gateway')),
    ...authSettings({ audience: SERVICE_AUDIENCES.gateway, jwks: DEV_JWKS }),
    /** Secret for the keyed hash that turns person ids into Kafka keys (MARAC listings, consent). */
    KEY_HASH_SECRET: z.string().min(16).default(DEV_KEY_HASH_SECRET),
  })
  .superRefine(checkKafkaSecurity);

/** The gateway's validated settings. */
export type GatewayConfig = Readonly<z.infer<typeof gatewayConfigSchema>>;

/** Secrets, masked when the config is logged. */
export const GATEWAY_SECRETS = ['DATABASE_URL', 'KEY_HASH_SECRET', 'KAFKA_SASL_PASSWORD'] as const;

/**
 * Reads the gateway's settings from `env` (the process environment unless given: the one place it reads it); throws
 * a ConfigError listing every problem, and in production every development default.
 */
export function readGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const config = loadConfig(gatewayConfigSchema, env);
  refuseDevelopmentDefaults(config, {
    SHAREHUB_FAULT_PAUSE_AT: [noFaultPointInProduction],
    ...authProductionRules(DEV_JWKS),
    KEY_HASH_SECRET: [productionRules.notDevelopmentDefault(DEV_KEY_HASH_SECRET, 'key-hash secret')],
  });
  return config;
}
