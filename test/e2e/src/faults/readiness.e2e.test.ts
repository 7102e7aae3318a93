import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuditRecord, spawnAuditService, type AuditProcess } from '@sharehub/audit/testing';
import { prefixedTopics } from '@sharehub/contracts';
import { provisionInfra } from '@sharehub/infra';
import { createLogger } from '@sharehub/kit';
import { ensureDevKeys } from '@sharehub/kit/auth';
import { KafkaEventBus } from '@sharehub/kit/kafka';
import { testPostgres, waitFor } from '@sharehub/kit/testing';
import { createCodec } from '@sharehub/schemas';
import {
  freshTopics,
  isolatedAuditEnv,
  spawnService,
  testServers,
  type ServiceProcess,
} from '@sharehub/test-support';
import { startTcpProxy } from './tcpProxy.js';

// Readiness and metrics that tell the truth during faults (issue 17, docs/metrics.md): the audit service reaches the
// broker, S3 and PostgreSQL through proxies this file cuts one at a time, and its /readyz must answer a 503 naming
// the dependency while it is away and 200 once it is back; its consumer, unable to index, shows its lag. Triage,
// given bytes that are no event, shows the dead letter and a caught-up partition on /metrics.
const codec = createCodec();
const logger = createLogger('readiness-e2e', { level: 'warn' });
const postgres = testPostgres(process.env.TEST_DATABASE_URL);
const proxies: Array<Awaited<ReturnType<typeof startTcpProxy>>> = [];
const processes: Array<AuditProcess | ServiceProcess> = [];
const buses: KafkaEventBus[] = [];

afterAll(async () => {
  for (const p of processes) await p.stop('SIGKILL');
  for (const b of buses) await b.close();
  for (const p of proxies) await p.close();
  await postgres.dropAll();
});

async function proxyTo(hostPort: string) {
  const [host, port] = hostPort.split(':');
  const proxy = await startTcpProxy({ host: host!, port: Number(port) });
  proxies.push(proxy);
  return proxy;
}

/** A fresh database of this file's, and its URL through a proxy the test can cut. */
async function databaseBehindProxy() {
  const url = await postgres.create();
  const proxy = await proxyTo(`${url.hostname}:${url.port || 5432}`);
  url.port = String(proxy.port);
  return { proxy, url: url.toString() };
}

/** The service's /readyz: its status and, for a 503, the checks it names as failing. */
async function readiness(url: string): Promise<{ status: number; failing: string[] }> {
  const res = await fetch(`${url}/readyz`);
  const body = (await res.json()) as { failing?: string[] };
  return { status: res.status, failing: body.failing ?? [] };
}

const metricsOf = async (url: string) => (await fetch(`${url}/metrics`)).text();

/** The value of one sample on /metrics (undefined when absent). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    if (want.every((w) => labelText.split(',').includes(w))) return Number(line.slice(line.indexOf('}') + 2));
  }
  return undefined;
}

describe('the audit service’s /readyz while a dependency is away', () => {
  let audit: AuditProcess;
  let kafka: Awaited<ReturnType<typeof startTcpProxy>>;
  let s3: Awaited<ReturnType<typeof startTcpProxy>>;
  let db: Awaited<ReturnType<typeof startTcpProxy>>;
  let topic: string;
  let bus: KafkaEventBus;

  beforeAll(async () => {
    const servers = testServers();
    kafka = await proxyTo(servers.kafkaBrokers[0]!);
    s3 = await proxyTo(new URL(servers.s3Endpoint).host);
    const database = await databaseBehindProxy();
    db = database.proxy;
    const [auditTopic, deadLetters] = await freshTopics(2, 1, 'readiness-e2e');
    topic = auditTopic!;
    const { jwks } = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'readiness-keys-')));
    audit = await spawnAuditService({
      ...isolatedAuditEnv(
        randomUUID().slice(0, 8),
        { kafkaBrokers: [`127.0.0.1:${kafka.port}`], s3Endpoint: `http://127.0.0.1:${s3.port}` },
        jwks,
      ),
      DATABASE_URL: database.url,
      AUDIT_TOPIC: topic,
      AUDIT_DEADLETTER_TOPIC: deadLetters!,
      AUDIT_CHECKPOINT_INTERVAL_MS: '500',
      READINESS_CACHE_MS: '200',
      READINESS_STALL_SECONDS: '2',
    });
    processes.push(audit);
    bus = new KafkaEventBus({ brokers: servers.kafkaBrokers, clientId: 'readiness-e2e', logger });
    buses.push(bus);
    await waitFor(
      async () => (await readiness(audit.url)).status === 200,
      'the audit service to be ready',
      60_000,
    );
  });

  it.each([
    ['broker', () => kafka],
    ['s3', () => s3],
    ['database', () => db],
  ])('answers 503 naming %s while it is cut off, and 200 once it is back', async (name, proxy) => {
    proxy().cut();
    try {
      await waitFor(
        async () => (await readiness(audit.url)).failing.includes(name),
        `/readyz to name ${name} as failing`,
        30_000,
        100,
      );
      expect((await readiness(audit.url)).status).toBe(503);
    } finally {
      proxy().restore();
    }
    await waitFor(
      async () => (await readiness(audit.url)).status === 200,
      `/readyz 200 with ${name} back`,
      60_000,
      100,
    );
  });

  it('a consumer that cannot index shows its lag on /metrics and turns /readyz false, then catches up', async () => {
    db.cut();
    try {
      await bus.publish(
        [0, 1, 2].map((i) => {
          const r = makeAuditRecord({ auditId: `ready-${randomUUID()}-${i}` });
          return { topic, key: r.auditId, value: codec.encode('AuditRecord', r) };
        }),
      );
      await waitFor(
        async () =>
          (sample(await metricsOf(audit.url), 'sharehub_audit_consumer_lag', { topic, partition: '0' }) ??
            0) > 0,
        'the audit consumer’s lag on /metrics',
        30_000,
        100,
      );
      await waitFor(
        async () => {
          const { failing } = await readiness(audit.url);
          return failing.includes('database') && failing.includes('consumers');
        },
        '/readyz to name the database and the stalled consumer',
        30_000,
        100,
      );
    } finally {
      db.restore();
    }
    await waitFor(
      async () =>
        sample(await metricsOf(audit.url), 'sharehub_audit_consumer_lag', { topic, partition: '0' }) === 0,
      'the lag back to 0',
      60_000,
      100,
    );
    await waitFor(async () => (await readiness(audit.url)).status === 200, '/readyz 200 again', 60_000, 100);
    expect(
      sample(await metricsOf(audit.url), 'sharehub_audit_records_processed_total', { topic }),
    ).toBeGreaterThanOrEqual(3);
  });

  it('counts the dead letter of a record it cannot read by topic and code, and moves on', async () => {
    await bus.publish([{ topic, key: 'poison', value: new TextEncoder().encode('not an audit record') }]);
    await waitFor(async () => {
      const text = await metricsOf(audit.url);
      return (
        text
          .split('\n')
          .some(
            (l) =>
              l.startsWith('sharehub_audit_dead_letters_total{') &&
              l.includes(`topic="${topic}"`) &&
              l.endsWith(' 1'),
          ) && sample(text, 'sharehub_audit_consumer_lag', { topic, partition: '0' }) === 0
      );
    }, 'the audit service’s dead letter counted, its partition caught up');
    expect((await readiness(audit.url)).status).toBe(200);
  });
});

describe('triage’s /metrics when an input is poisoned', () => {
  it('counts the dead letter by topic and code, and the partition moves on (lag 0)', async () => {
    const prefix = `ready-${randomUUID().slice(0, 8)}.`;
    await provisionInfra({ brokers: testServers().kafkaBrokers, topicPrefix: prefix });
    const topics = prefixedTopics(prefix);
    const triage = await spawnService('triage', {
      KAFKA_BROKERS: testServers().kafkaBrokers.join(','),
      TOPIC_PREFIX: prefix,
      TRIAGE_GROUP_ID: `triage-${prefix}`,
      TRIAGE_PORT: '0',
    });
    processes.push(triage);
    await waitFor(() => triage.lines.some((l) => l.msg === 'triage ops listening'), 'triage’s ops endpoints');
    const url = String(triage.lines.find((l) => l.msg === 'triage ops listening')!.url);
    const bus = new KafkaEventBus({ brokers: testServers().kafkaBrokers, clientId: 'readiness-e2e', logger });
    buses.push(bus);
    await bus.publish([
      { topic: topics.incidentRecorded, key: 'poison', value: new TextEncoder().encode('not an event') },
    ]);
    await waitFor(
      async () =>
        sample(await metricsOf(url), 'sharehub_triage_dead_letters_total', {
          topic: topics.incidentRecorded,
          code: 'BAD_MAGIC',
        }) === 1,
      'the dead letter counted on /metrics',
    );
    const text = await metricsOf(url);
    const lags = text
      .split('\n')
      .filter(
        (l) =>
          l.startsWith('sharehub_triage_consumer_lag{') && l.includes(`topic="${topics.incidentRecorded}"`),
      );
    expect(lags.length).toBeGreaterThan(0);
    expect(lags.every((l) => l.endsWith(' 0'))).toBe(true);
    expect(sample(text, 'sharehub_triage_records_processed_total', { topic: topics.incidentRecorded })).toBe(
      1,
    );
    expect((await readiness(url)).status).toBe(200);
  });
});

describe('the inbox’s /readyz and /metrics', () => {
  it('names the database while it is cut off, counts a poisoned notification’s dead letter, and is ready again', async () => {
    const prefix = `ready-${randomUUID().slice(0, 8)}.`;
    await provisionInfra({ brokers: testServers().kafkaBrokers, topicPrefix: prefix });
    const topics = prefixedTopics(prefix);
    const database = await databaseBehindProxy();
    const { jwks } = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'readiness-inbox-keys-')));
    const inbox = await spawnService('inbox', {
      KAFKA_BROKERS: testServers().kafkaBrokers.join(','),
      TOPIC_PREFIX: prefix,
      INBOX_PORT: '0',
      INBOX_GROUP_ID: `inbox-${prefix}`,
      DATABASE_URL: database.url,
      INBOX_OUTBOX_INTERVAL_MS: '200',
      AUTH_JWKS: jwks,
      READINESS_CACHE_MS: '200',
    });
    processes.push(inbox);
    const url = String(inbox.lines.find((l) => l.msg === 'inbox listening')!.url);
    await waitFor(async () => (await readiness(url)).status === 200, 'the inbox to be ready');
    database.proxy.cut();
    try {
      await waitFor(
        async () => (await readiness(url)).failing.includes('database'),
        '/readyz to name the database',
      );
    } finally {
      database.proxy.restore();
    }
    await waitFor(async () => (await readiness(url)).status === 200, 'the inbox ready again');
    const bus = new KafkaEventBus({ brokers: testServers().kafkaBrokers, clientId: 'readiness-e2e', logger });
    buses.push(bus);
    await bus.publish([
      { topic: topics.notification, key: 'poison', value: new TextEncoder().encode('not an event') },
    ]);
    await waitFor(
      async () =>
        sample(await metricsOf(url), 'sharehub_inbox_dead_letters_total', {
          topic: topics.notification,
          code: 'BAD_MAGIC',
        }) === 1,
      'the inbox’s dead letter counted once its outbox published it',
    );
    expect(
      sample(await metricsOf(url), 'sharehub_inbox_records_processed_total', { topic: topics.notification }),
    ).toBe(1);
  });
});
