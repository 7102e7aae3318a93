import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TopicSpec } from '@sharehub/kit/kafka';

/** One topic as declared in `contracts/topics.json`: the kit's TopicSpec, which `provisionTopics` creates. */
export type TopicDeclaration = TopicSpec;

/** Where the topic catalogue is: `contracts/topics.json`, beside the AsyncAPI document that describes the messages. */
export const TOPIC_CATALOGUE_FILE = fileURLToPath(new URL('../topics.json', import.meta.url));

/** Every topic the hub uses, from `contracts/topics.json` (the one place topics are declared). */
export function loadTopicCatalogue(): readonly TopicDeclaration[] {
  const parsed = JSON.parse(readFileSync(TOPIC_CATALOGUE_FILE, 'utf8')) as { topics: TopicDeclaration[] };
  return Object.freeze(parsed.topics);
}

/** The names of the hub's topics, for code that must not spell them by hand. */
export const TOPICS = {
  incidentRecorded: 'incident.recorded',
  carePlanIssued: 'careplan.issued',
  /** The care plans the hub's triage issues: never written by the gateway, so a publisher cannot pose as the hub. */
  hubCarePlan: 'careplan.hub',
  maracListed: 'marac.listed',
  consentRecorded: 'consent.recorded',
  shareDecided: 'share.decided',
  notification: 'notification',
  triageRequired: 'triage.required',
  notificationAcknowledged: 'notification.acknowledged',
  notificationEscalated: 'notification.escalated',
  auditRecord: 'audit.record',
  deadLetter: 'deadletter',
} as const;

/** The topic names with a prefix (e.g. `bench-1a2b.`), for runs that must not share topics with anything else. */
export function prefixedTopics(prefix: string): { readonly [K in keyof typeof TOPICS]: string } {
  return Object.fromEntries(Object.entries(TOPICS).map(([k, v]) => [k, `${prefix}${v}`])) as {
    [K in keyof typeof TOPICS]: string;
  };
}
