import { join } from 'node:path';
import { AUDIT_BUCKET, TOPICS } from '@sharehub/contracts';
import {
  checkKafkaSecurity,
  CHECKOUT_ROOT,
  DEV_KEYS_DIR,
  DEV_S3_ENDPOINT,
  flag,
  noFaultPointInProduction,
  loadConfig,
  productionRules,
  refuseDevelopmentDefaults,
  z,
  serviceSettings,
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

const KEYS_DIR = DEV_KEYS_DIR;
const DEV_JWKS = devKeyPaths(KEYS_DIR).jwks;
const DEV_SIGNING_KEY = join(KEYS_DIR, 'audit-signing-key.private.jwk.json');

/** The audit service's settings (and the verify command's), from the environment, validated once. */
export const auditConfigSchema = z
  .object({
    ...serviceSettings,
    AUDIT_HOST: z.string().default('127.0.0.1'),
    AUDIT_PORT: z.coerce.number().int().min(0).max(65535).default(8082),
    /** The topic of AuditRecords (one partition: the log's order is its offset order). */
    AUDIT_TOPIC: z.string().min(1).default(TOPICS.auditRecord),
    AUDIT_GROUP_ID: z.string().min(1).default('audit'),
    /** Where an undecodable audit message goes, with its original bytes, besides a DEAD_LETTERED leaf. */
    AUDIT_DEADLETTER_TOPIC: z.string().min(1).default(TOPICS.deadLetter),
    /** The group that reads every service's dead letters (that topic) into the operator's store (ADR 0062); unset:
     *  AUDIT_GROUP_ID + `-deadletters`, so an isolated audit process reads them in a group of its own. */
    AUDIT_DEADLETTER_GROUP_ID: z.string().min(1).optional(),
    /** How many dead letters the operator page and API list at most. */
    AUDIT_DEADLETTER_LIST_MAX: z.coerce.number().int().positive().default(500),
    /** An S3-compatible endpoint (path-style); the local S3 server unless set. */
    S3_ENDPOINT: z.url().default(DEV_S3_ENDPOINT),
    S3_REGION: z.string().default('eu-west-2'),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    /** Server-side encryption requested on every put: none (the bucket's default), SSE-S3 or SSE-KMS. */
    S3_SSE: z.enum(['none', 'AES256', 'aws:kms']).default('none'),
    /** The KMS key id or alias for S3_SSE=aws:kms (unset: the account's aws/s3 key). */
    S3_SSE_KMS_KEY_ID: z.string().min(1).optional(),
    AUDIT_BUCKET: z.string().min(3).default(AUDIT_BUCKET),
    /** The log's id: its segments are `segments/<id>/…` and its checkpoints `checkpoints/<id>/…` in the bucket. */
    AUDIT_LOG_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/)
      .default('audit'),
    /** Object Lock (compliance) retention of every segment and checkpoint, in days; 0 for none (7 years by default). */
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).default(2557),
    /** A signed checkpoint (and its segment) after this many new leaves… */
    AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().positive().default(10_000),
    /** …or this long after the oldest leaf not yet in a checkpoint, whichever comes first (docs/adr/0063). */
    AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
    /** The index writes its waiting rows into the searchable table once this many wait… */
    AUDIT_INDEX_FLUSH_ROWS: z.coerce.number().int().positive().default(5_000),
    /** …or this long after the first of them (ms): how far search can lag behind the log (docs/adr/0063). */
    AUDIT_INDEX_FLUSH_MS: z.coerce.number().int().positive().default(1_000),
    /** The checkpoint signing key (Ed25519 private JWK); generated on first start, never committed. */
    AUDIT_SIGNING_KEY: z.string().default(DEV_SIGNING_KEY),
    /** The public JWKS verifiers check checkpoints against (written beside the key on first start). */
    AUDIT_JWKS: z.string().default(join(KEYS_DIR, 'audit-jwks.json')),
    /** PostgreSQL for the index; unset: embedded PostgreSQL (PGlite) in AUDIT_DATA_DIR. */
    DATABASE_URL: z.string().optional(),
    AUDIT_DATA_DIR: z.string().default(join(CHECKOUT_ROOT, '.data', 'audit')),
    /** A PostgreSQL schema for the index tables (default: the connection's search path). */
    AUDIT_DB_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .optional(),
    AUDIT_PAGE_SIZE: z.coerce.number().int().positive().default(50),
    AUDIT_PAGE_SIZE_MAX: z.coerce.number().int().positive().default(500),
    ...authSettings({ audience: SERVICE_AUDIENCES.audit, jwks: DEV_JWKS }),
    /** Send the IG pages' session cookie over https only (set behind TLS). */
    AUDIT_SECURE_COOKIE: flag().default(false),
    ...pageSignInSettings({ publicUrl: 'http://127.0.0.1:8082' }),
  })
  .superRefine((config, ctx) => {
    checkKafkaSecurity(config, ctx);
    checkPageSignIn(config, ctx);
    if (config.S3_SSE_KMS_KEY_ID && config.S3_SSE !== 'aws:kms')
      ctx.addIssue({ code: 'custom', path: ['S3_SSE_KMS_KEY_ID'], message: 'needs S3_SSE=aws:kms' });
  });

/** The audit service's validated settings. */
export type AuditConfig = Readonly<z.infer<typeof auditConfigSchema>>;

/** Secrets, masked when the config is logged. */
export const AUDIT_SECRETS = [
  'DATABASE_URL',
  'S3_SECRET_ACCESS_KEY',
  'KAFKA_SASL_PASSWORD',
  'PAGE_OIDC_CLIENT_SECRET',
] as const;

/**
 * Reads the audit settings from `env` (the process environment unless given), with `overrides` (a command's
 * options) on top; throws a ConfigError listing every problem, and in production every development default (a
 * missing signing key among them: production never generates one).
 */
export function readAuditConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Record<string, string> = {},
): AuditConfig {
  const config = loadConfig(auditConfigSchema, { ...env, ...overrides });
  refuseDevelopmentDefaults(config, {
    SHAREHUB_FAULT_PAUSE_AT: [noFaultPointInProduction],
    ...authProductionRules(DEV_JWKS),
    ...pageSignInProductionRules,
    S3_ACCESS_KEY_ID: [productionRules.s3Credential],
    S3_SECRET_ACCESS_KEY: [productionRules.s3Credential],
    AUDIT_SECURE_COOKIE: [productionRules.mustBeOn("the IG pages' session cookie carries the token")],
    AUDIT_SIGNING_KEY: [
      productionRules.notDevelopmentDefault(DEV_SIGNING_KEY, 'checkpoint signing key'),
      productionRules.existingFile('checkpoint signing key'),
    ],
  });
  return config;
}
