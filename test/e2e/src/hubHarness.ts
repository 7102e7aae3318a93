import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type IncomingMessage, type Subscription } from '@sharehub/kit';
import { ensureDevKeys, signDevToken } from '@sharehub/kit/auth';
import { KafkaEventBus } from '@sharehub/kit/kafka';
import { prefixedTopics } from '@sharehub/contracts';
import { provisionInfra } from '@sharehub/infra';
import { createCodec, type EventType } from '@sharehub/schemas';
import { isolatedAuditEnv, spawnService, testServers, type ServiceProcess } from '@sharehub/test-support';

/**
 * The hub as separate processes (gateway, triage, router) on the real broker, with its own keys, groups and data, on
 * topics of its own (a fresh prefix, provisioned here): what one test file publishes and reads is never mixed with
 * another's, nor with a hub running beside the tests (`npm start` uses the unprefixed topics).
 */
export async function startHub(extraEnv: Record<string, string> = {}) {
  const keys = mkdtempSync(join(tmpdir(), 'hub-keys-'));
  const { jwks } = await ensureDevKeys(keys);
  const run = randomUUID().slice(0, 8);
  const prefix = `hub-${run}.`;
  await provisionInfra({ brokers: testServers().kafkaBrokers, topicPrefix: prefix });
  const topics = prefixedTopics(prefix);
  const env = (extra: Record<string, string> = {}) => ({
    KAFKA_BROKERS: testServers().kafkaBrokers.join(','),
    TOPIC_PREFIX: prefix,
    AUTH_JWKS: jwks,
    LOG_LEVEL: 'debug', // the no-personal-data checks read every line a service writes, debug included
    TRIAGE_GROUP_ID: `triage-${run}`,
    ROUTER_GROUP_ID: `router-${run}`,
    GATEWAY_PORT: '0',
    GATEWAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'hub-gateway-')),
    ...extraEnv,
    ...extra,
  });
  const services = new Map<string, ServiceProcess>();
  const start = async (name: 'gateway' | 'triage' | 'router') => {
    const svc = await spawnService(name, env());
    services.set(name, svc);
    return svc;
  };
  const gateway = await start('gateway');
  await start('triage');
  await start('router');
  const url = String(gateway.lines.find((l) => l.msg === 'gateway listening')?.url);
  const token = await signDevToken(keys, { role: 'publisher', org: 'GMP', areas: ['trafford', 'kent'] });
  return {
    url,
    run,
    prefix,
    topics,
    token,
    services,
    start,
    keys,
    async post(path: string, body: unknown, bearer = token): Promise<Response> {
      return fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify(body),
      });
    },
    async stop() {
      for (const svc of services.values()) await svc.stop('SIGTERM');
    },
  };
}

/**
 * Read-committed collectors on a hub's output topics (e.g. `hub.topics.notification`), from the beginning, decoded.
 * Each message is kept once by its partition and offset, so a collector that loses its group membership under load
 * and reads some messages again does not count them twice (a real duplicate has an offset of its own).
 */
export async function collectOutputs(
  topics: readonly string[],
  brokers: readonly string[] = testServers().kafkaBrokers,
  /**
   * `lean`: keep of each message only the ids and kinds a reconciliation counts (no bytes, no personal data), so a
   * long soak's collectors stay small; the default keeps each message and its whole decoded value.
   */
  options: { lean?: boolean } = {},
) {
  const codec = createCodec();
  const bus = new KafkaEventBus({
    brokers: [...brokers],
    clientId: 'hub-collector',
    logger: createLogger('collector', { level: 'error' }),
  });
  const byTopic = new Map<
    string,
    Array<{ message: IncomingMessage; type: EventType | 'UNDECODABLE'; value: Record<string, unknown> }>
  >();
  const subs: Subscription[] = [];
  const seen = new Set<string>();
  for (const topic of topics) {
    byTopic.set(topic, []);
    subs.push(
      await bus.consume(
        { groupId: `collect-${topic}-${randomUUID()}`, topics: [topic], fromBeginning: true },
        async (batch) => {
          for (const message of batch.messages) {
            const at = `${topic}\u0000${message.partition}\u0000${message.offset}`;
            if (seen.has(at)) continue;
            seen.add(at);
            try {
              const d = codec.decode(message.value!);
              const value = d.value as unknown as Record<string, unknown>;
              byTopic
                .get(topic)!
                .push(
                  options.lean
                    ? { message: leanMessage(message), type: d.type, value: leanValue(value) }
                    : { message, type: d.type, value },
                );
            } catch {
              byTopic.get(topic)!.push({ message, type: 'UNDECODABLE', value: {} });
            }
          }
        },
      ),
    );
  }
  await Promise.all(subs.map((s) => s.ready));
  return {
    of: <T>(topic: string) =>
      (byTopic.get(topic) ?? []).filter((e) => e.type !== 'UNDECODABLE').map((e) => e.value as T),
    raw: (topic: string) => byTopic.get(topic) ?? [],
    async stop() {
      for (const s of subs) await s.stop();
      await bus.close();
    },
  };
}

/**
 * The audit service as a process on the real broker and S3 server, with a bucket, group, index and checkpoint key of
 * its own, verifying tokens against `authKeysDir`'s JWKS, reading a hub's audit and dead-letter topics (so it
 * sequences only that hub's records, not all past history); `env` sets the rest.
 */
export async function startAudit(
  authKeysDir: string,
  topics: { readonly auditRecord: string; readonly deadLetter: string },
  env: Record<string, string> = {},
) {
  const servers = testServers();
  const run = randomUUID().slice(0, 8);
  const service = await spawnService('audit', {
    ...isolatedAuditEnv(run, servers, join(authKeysDir, 'jwks.json')),
    AUDIT_CHECKPOINT_INTERVAL_MS: '1000',
    AUDIT_TOPIC: topics.auditRecord,
    AUDIT_DEADLETTER_TOPIC: topics.deadLetter,
    ...env,
  });
  return { service, url: String(service.lines.find((l) => l.msg === 'audit service listening')?.url) };
}

/**
 * The whole hub as processes on topics of its own (a fresh prefix, provisioned here): gateway, triage, router, the
 * inbox and the audit service, so its notifications, escalations and audit log hold only what this run published.
 */
export async function startWholeHub(
  options: { escalationIntervalMs?: number; inboxEnv?: Record<string, string> } = {},
) {
  const servers = testServers();
  const hub = await startHub();
  const { prefix, topics } = hub;
  const { service: audit, url: auditUrl } = await startAudit(hub.keys, topics);
  hub.services.set('audit', audit);
  const inboxEnv = {
    KAFKA_BROKERS: servers.kafkaBrokers.join(','),
    TOPIC_PREFIX: prefix,
    INBOX_PORT: '0',
    INBOX_GROUP_ID: `inbox-${hub.run}`,
    INBOX_DATA_DIR: mkdtempSync(join(tmpdir(), 'inbox-data-')),
    INBOX_ESCALATION_INTERVAL_MS: String(options.escalationIntervalMs ?? 500),
    INBOX_OUTBOX_INTERVAL_MS: '200',
    INBOX_STREAM_POLL_MS: '200',
    INBOX_AUDIT_URL: auditUrl,
    AUTH_JWKS: join(hub.keys, 'jwks.json'),
    LOG_LEVEL: 'debug', // the no-personal-data checks read every line a service writes, debug included
    ...options.inboxEnv,
  };
  const inbox = await spawnService('inbox', inboxEnv);
  hub.services.set('inbox', inbox);
  const inboxUrl = String(inbox.lines.find((l) => l.msg === 'inbox listening')?.url);
  /** A token for the service the role uses (recipient: the inbox, auditor: audit, publisher: the gateway). */
  const tokenFor = (role: 'recipient' | 'auditor' | 'publisher', org: string, audience?: string) =>
    signDevToken(hub.keys, { role, org, areas: ['trafford', 'kent'], ...(audience ? { audience } : {}) });
  return {
    ...hub,
    auditUrl,
    inboxUrl,
    tokenFor,
    /** GET a JSON resource of a service with a bearer token. */
    async getJson<T>(base: string, path: string, bearer: string): Promise<{ status: number; body: T }> {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
      return { status: res.status, body: (await res.json()) as T };
    },
  };
}

/** The output topics a pipeline test reads: decisions, notifications, triage items, audit records, dead letters. */
export function outputTopicsOf(topics: ReturnType<typeof prefixedTopics>): string[] {
  return [
    topics.notification,
    topics.auditRecord,
    topics.deadLetter,
    topics.shareDecided,
    topics.triageRequired,
  ];
}

/** The fields of an output a reconciliation counts by (ids, kinds, where a dead letter came from). */
const LEAN_FIELDS = [
  'kind',
  'auditId',
  'notificationId',
  'triageId',
  'topic',
  'reasonCode',
  'consumerGroup',
  'deadLetterId',
];

function leanValue(value: Record<string, unknown>): Record<string, unknown> {
  const lean: Record<string, unknown> = {};
  for (const field of LEAN_FIELDS) if (field in value) lean[field] = value[field];
  const source = value.source as { eventId?: unknown } | null | undefined;
  if (source) lean.source = { eventId: source.eventId };
  return lean;
}

function leanMessage(message: IncomingMessage): IncomingMessage {
  return { ...message, value: null, key: null, headers: {} };
}
