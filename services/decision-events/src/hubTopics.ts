import { prefixedTopics } from '@sharehub/contracts';

/** The hub's topic catalogue with one prefix applied to every name, dead letters and audit records included. */
export type HubTopics = ReturnType<typeof prefixedTopics>;

/**
 * The catalogue under `prefix` (`TOPIC_PREFIX`; empty in production): the one place a service's topic names come
 * from, so no topic, the dead-letter topic included, can be left unprefixed.
 */
export function hubTopics(prefix = ''): HubTopics {
  return prefixedTopics(prefix);
}
