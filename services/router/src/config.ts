import {
  decisionServiceSchema,
  readDecisionServiceConfig,
  type DecisionServiceConfig,
} from '@sharehub/decision-events';

const DEFAULT_GROUP_ID = 'sharehub-router';

/**
 * The router service's settings, from the environment, validated once: those every decision service reads (broker,
 * topics, areas, readiness, logging; decision-events' `decisionServiceSchema`) and its own under `ROUTER_`: the group
 * (`ROUTER_GROUP_ID`), concurrency (`ROUTER_CONCURRENT_PARTITIONS`), transaction lanes (`ROUTER_TRANSACTION_LANES`,
 * ADR 0081) and the ops endpoints (`ROUTER_PORT`, `ROUTER_HOST`).
 */
export const routerConfigSchema = decisionServiceSchema('ROUTER', DEFAULT_GROUP_ID);

/** The router service's validated settings. */
export type RouterConfig = DecisionServiceConfig<'ROUTER'>;

/**
 * Reads the router service's settings from `env` (the process environment unless given: the one place it reads it);
 * throws a ConfigError listing every problem.
 */
export function readRouterConfig(env: Record<string, string | undefined> = process.env): RouterConfig {
  return readDecisionServiceConfig('ROUTER', DEFAULT_GROUP_ID, env);
}
