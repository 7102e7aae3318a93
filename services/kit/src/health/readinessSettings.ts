import { z } from '../config.js';

/**
 * The readiness settings every consuming service reads (spread into its config schema, as `kafkaSecuritySettings`):
 * how long a partition that is behind may go without progress before `/readyz` turns false, and how long a probe
 * of a dependency (broker, S3, database) is trusted before it is asked again.
 */
export const readinessSettings = {
  /** Seconds a consumer may stay behind without progress before it counts as stalled (default 30). */
  READINESS_STALL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Milliseconds a dependency probe's answer is kept (default 2,000): the most often a probe touches it. */
  READINESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
} as const;

/** The validated readiness settings. */
export type ReadinessConfig = Readonly<z.infer<z.ZodObject<typeof readinessSettings>>>;
