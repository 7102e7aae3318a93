import {
  decisionServiceSchema,
  readDecisionServiceConfig,
  type DecisionServiceConfig,
} from '@sharehub/decision-events';

const DEFAULT_GROUP_ID = 'sharehub-triage';

/**
 * The triage service's settings, from the environment, validated once: those every decision service reads (broker,
 * topics, areas, readiness, logging; decision-events' `decisionServiceSchema`) and its own under `TRIAGE_`: the group
 * (`TRIAGE_GROUP_ID`), concurrency (`TRIAGE_CONCURRENT_PARTITIONS`), transaction lanes (`TRIAGE_TRANSACTION_LANES`,
 * ADR 0081) and the ops endpoints (`TRIAGE_PORT`, `TRIAGE_HOST`).
 */
export const triageConfigSchema = decisionServiceSchema('TRIAGE', DEFAULT_GROUP_ID);

/** The triage service's validated settings. */
export type TriageConfig = DecisionServiceConfig<'TRIAGE'>;

/**
 * Reads the triage service's settings from `env` (the process environment unless given: the one place it reads it);
 * throws a ConfigError listing every problem.
 */
export function readTriageConfig(env: Record<string, string | undefined> = process.env): TriageConfig {
  return readDecisionServiceConfig('TRIAGE', DEFAULT_GROUP_ID, env);
}
