import { join } from 'node:path';
import {
  checkKafkaSecurity,
  CHECKOUT_ROOT,
  DEV_KEYS_DIR,
  csv,
  flag,
  noFaultPointInProduction,
  loadConfig,
  productionRules,
  refuseDevelopmentDefaults,
  z,
  serviceSettings,
  topicPrefixSetting,
} from '@sharehub/kit';
import {
  authProductionRules,
  authSettings,
  checkPageSignIn,
  devKeyPaths,
  pageSignInProductionRules,
  pageSignInSettings,
  SERVICE_AUDIENCES,
} from '@sharehub/kit/auth';

const DEV_JWKS = devKeyPaths(DEV_KEYS_DIR).jwks;

/** `area=teamId` pairs: which team works each area's triage queue. */
const triageTeams = () =>
  csv().transform((pairs, ctx) => {
    const map: Record<string, string> = {};
    for (const pair of pairs) {
      const m = /^([a-z][a-z0-9-]*)=([A-Za-z0-9._-]+)$/.exec(pair);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not area=teamId` });
        return z.NEVER;
      }
      map[m[1]!] = m[2]!;
    }
    return map;
  });

/** The inbox service's settings, from the environment, validated once. */
export const inboxConfigSchema = z
  .object({
    ...serviceSettings,
    ...topicPrefixSetting,
    INBOX_HOST: z.string().default('127.0.0.1'),
    INBOX_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
    INBOX_GROUP_ID: z.string().min(1).default('inbox'),
    /** PostgreSQL for the inbox; unset: embedded PostgreSQL (PGlite) in INBOX_DATA_DIR. */
    DATABASE_URL: z.string().optional(),
    INBOX_DATA_DIR: z.string().default(join(CHECKOUT_ROOT, '.data', 'inbox')),
    /** A PostgreSQL schema for the inbox tables (default: the connection's search path). */
    INBOX_DB_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .optional(),
    /** The team that works each area's triage queue (Safeguarding Families), as `area=teamId,…`. */
    INBOX_TRIAGE_TEAMS: triageTeams().default({
      trafford: 'tr-safeguarding-families',
      kent: 'kt-safeguarding-families',
    }),
    /** How often overdue notifications are looked for and escalated. */
    INBOX_ESCALATION_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
    /** How often the outbox of acknowledgements, escalations and assignments is sent to Kafka when idle. */
    INBOX_OUTBOX_INTERVAL_MS: z.coerce.number().int().positive().default(500),
    /** How often a live stream looks for new items. */
    INBOX_STREAM_POLL_MS: z.coerce.number().int().positive().default(1_000),
    /** Live streams one token may hold at once in one inbox process (then 429). */
    INBOX_STREAMS_PER_TOKEN: z.coerce.number().int().positive().default(5),
    INBOX_PAGE_SIZE: z.coerce.number().int().positive().default(50),
    INBOX_PAGE_SIZE_MAX: z.coerce.number().int().positive().default(200),
    /** The IG pages (audit service), linked from the inbox pages for auditors. */
    INBOX_AUDIT_URL: z.url().default('http://127.0.0.1:8082'),
    ...authSettings({ audience: SERVICE_AUDIENCES.inbox, jwks: DEV_JWKS }),
    /** Send the page session cookie over https only (set behind TLS). */
    INBOX_SECURE_COOKIE: flag().default(false),
    ...pageSignInSettings({ publicUrl: 'http://127.0.0.1:8081' }),
    /**
     * The deployment's areas: a directory holding rulesets/AREA.json and directory/AREA.json for each area, all
     * loaded and checked at start-up (docs/domain/adding-an-area.md). Unset: the project's own reference areas.
     */
    AREAS_DIR: z.string().min(1).optional(),
  })
  .superRefine((config, ctx) => {
    checkKafkaSecurity(config, ctx);
    checkPageSignIn(config, ctx);
  });

/** The inbox service's validated settings. */
export type InboxConfig = Readonly<z.infer<typeof inboxConfigSchema>>;

/** Secrets, masked when the config is logged. */
export const INBOX_SECRETS = ['DATABASE_URL', 'KAFKA_SASL_PASSWORD', 'PAGE_OIDC_CLIENT_SECRET'] as const;

/**
 * Reads the inbox settings from `env` (the process environment unless given: the one place it reads it); throws a
 * ConfigError listing every problem, and in production every development default.
 */
export function readInboxConfig(env: Record<string, string | undefined> = process.env): InboxConfig {
  const config = loadConfig(inboxConfigSchema, env);
  refuseDevelopmentDefaults(config, {
    SHAREHUB_FAULT_PAUSE_AT: [noFaultPointInProduction],
    ...authProductionRules(DEV_JWKS),
    ...pageSignInProductionRules,
    INBOX_SECURE_COOKIE: [productionRules.mustBeOn('the page session cookie carries the token')],
  });
  return config;
}
