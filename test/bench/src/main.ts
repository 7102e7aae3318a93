#!/usr/bin/env node
// `npm run bench [-- --count 5000 --seed 7 --rates 100,500 --latency-count 1500 --phases gateway,batch,direct,latency,baseline]`:
// the hub's end-to-end throughput (to the last notification and to the last audit leaf) and latency on the real
// broker and S3 server, beside a raw kafkajs baseline in the same run. Writes JSON (the summary's keys also on their
// own) and a markdown table under bench-results/ (git-ignored) and prints a one-line summary last.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prefixedTopics } from '@sharehub/contracts';
import { LOCAL_KAFKA, LOCAL_S3, provisionInfra, repoRoot } from '@sharehub/infra';
import { createLogger } from '@sharehub/kit';
import { ensureDevKeys, signDevToken } from '@sharehub/kit/auth';
import { KafkaEventBus, provisionTopics } from '@sharehub/kit/kafka';
import { createCodec } from '@sharehub/schemas';
import { isolatedAuditEnv, spawnService, type ServiceProcess } from '@sharehub/test-support';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'undici';
import { createFieldReader } from './createFieldReader.js';
import { generateMix, type MixEvent } from './generateMix.js';
import { brokerPid, cpuSeconds, memoryPeakMiB } from './processStats.js';
import { deleteRunTopics } from './deleteRunTopics.js';
import { rawBaseline } from './rawBaseline.js';
import { sameTopologyFloor, type HubShape } from './sameTopologyFloor.js';
import { tuningEnv } from './tuningEnv.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '7' },
    /** The offered loads of the latency phase, per second (`--rate N` runs one). */
    rates: { type: 'string', default: '100,500' },
    rate: { type: 'string' },
    'latency-count': { type: 'string', default: '1500' },
    phases: { type: 'string', default: 'gateway,batch,direct,latency,baseline,floor' },
    /** Decode every output the collectors read in full (default: read only the one field each needs). */
    'decode-all': { type: 'boolean', default: false },
    /** Write a CPU profile of each service under bench-results/<run>/profiles/ (open in Chrome DevTools). */
    profile: { type: 'boolean', default: false },
  },
});
const PHASES = new Set(args.phases.split(','));
for (const p of PHASES)
  if (!['gateway', 'batch', 'direct', 'latency', 'baseline', 'floor'].includes(p))
    throw new Error(`--phases: unknown phase "${p}" (gateway, batch, direct, latency, baseline, floor)`);
if (PHASES.has('floor') && !PHASES.has('direct'))
  throw new Error(
    '--phases: the floor takes its shape (fan-out, message sizes) from the direct phase: add direct',
  );
const COUNT = Number(args.count);
const SEED = Number(args.seed);
const RATES = (args.rate ?? args.rates).split(',').map(Number);
/** Events per batch request, and batch requests in flight at once, in the batch phase. */
const BATCH_SIZE = 500;
const BATCH_CLIENTS = 4;
/** Single POSTs in flight at once in the gateway phase. */
const CLIENTS = 64;
const LATENCY_COUNT = Number(args['latency-count']);
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// `npm run bench` runs this under infra's withServers, which starts the servers that are not up and stops
// (only) those when the run ends, however it ends; run alone, it expects them up.
const brokers = process.env.KAFKA_BROKERS?.split(',') ?? [LOCAL_KAFKA];
const s3Endpoint = process.env.S3_ENDPOINT ?? LOCAL_S3;
const tag = `bench${Date.now().toString(36)}`;
const prefix = `${tag}.`;
const topics = prefixedTopics(prefix);
await provisionInfra({ brokers, topicPrefix: prefix });
say(`run ${tag}: ${COUNT} events (seed ${SEED}), topics prefixed ${prefix}`);

const keys = mkdtempSync(join(tmpdir(), 'bench-keys-'));
const { jwks } = await ensureDevKeys(keys);
const tokens: Record<string, string> = {
  GMP: await signDevToken(keys, { role: 'publisher', org: 'GMP', areas: ['trafford', 'kent'] }),
  KNT: await signDevToken(keys, { role: 'publisher', org: 'KNT', areas: ['trafford', 'kent'] }),
};
const auditorToken = await signDevToken(keys, { role: 'auditor', org: 'bench-ig', areas: [] });
// A publisher publishes for its own organisation: the force of an incident or care plan, the referring agency of a
// listing, the recorder of a consent (the gateway binds each to the token's org).
const tokenFor = (e: MixEvent) =>
  tokens[
    e.type === 'IncidentRecorded'
      ? e.event.forceCode
      : e.type === 'CarePlanIssued'
        ? e.event.incident.forceCode
        : e.type === 'MaracListed'
          ? e.event.referringAgency
          : e.event.recordedBy
  ]!;
const env = {
  KAFKA_BROKERS: brokers.join(','),
  AUTH_JWKS: jwks,
  TOPIC_PREFIX: prefix,
  LOG_LEVEL: 'warn',
  GATEWAY_PORT: '0',
  GATEWAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-gw-')),
  TRIAGE_GROUP_ID: `${tag}-triage`,
  ROUTER_GROUP_ID: `${tag}-router`,
  ...tuningEnv(),
  // The gateway's ledger and the audit index on PostgreSQL when DATABASE_URL is set; embedded PGlite otherwise.
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
};
const auditEnv = {
  ...env,
  ...isolatedAuditEnv(tag, { kafkaBrokers: brokers, s3Endpoint }, jwks),
  AUDIT_TOPIC: topics.auditRecord,
  AUDIT_DEADLETTER_TOPIC: topics.deadLetter,
  AUDIT_RETENTION_DAYS: '1',
  // A checkpoint at least every 200 ms, so the time of the last leaf is known to within that.
  AUDIT_CHECKPOINT_INTERVAL_MS: '200',
  ...(process.env.DATABASE_URL ? { AUDIT_DB_SCHEMA: `bench_${tag}` } : {}),
};
const profileDir = join(repoRoot, 'bench-results', tag, 'profiles');
const nodeArgs = (name: string) =>
  args.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : [];
const services: ServiceProcess[] = [];
for (const name of ['gateway', 'triage', 'router'])
  services.push(await spawnService(name, { ...env, LOG_LEVEL: 'info' }, 90_000, nodeArgs(name)));
services.push(await spawnService('audit', { ...auditEnv, LOG_LEVEL: 'info' }, 90_000, nodeArgs('audit')));
const urlOf = (name: string, msg: string) =>
  String(services.find((s) => s.name === name)!.lines.find((l) => l.msg === msg)?.url);
const gatewayUrl = urlOf('gateway', 'gateway listening');
const auditUrl = urlOf('audit', 'audit service listening');
say(`services up: gateway ${gatewayUrl}, triage, router, audit ${auditUrl}`);

// Collect decisions and notifications as they are committed.
const codec = createCodec();
const bus = new KafkaEventBus({
  brokers,
  clientId: 'bench-collector',
  logger: createLogger('bench', { level: 'error' }),
});
// Each collector reads the one field it needs (the source event's id, the source ref), not the whole output.
const eventIdOfDecision = args['decode-all']
  ? (bytes: Uint8Array) => codec.decodeAs('ShareDecision', bytes).source.eventId
  : createFieldReader(codec, 'ShareDecision', ['source', 'eventId']);
const refOfNotification = args['decode-all']
  ? (bytes: Uint8Array) => codec.decodeAs('ShareNotification', bytes).source.ref
  : createFieldReader(codec, 'ShareNotification', ['source', 'ref']);
const decidedAt = new Map<string, number>(); // source eventId -> time
const notifiedAt = new Map<string, number>(); // source ref -> time of the latest notification
let notifications = 0;
/** Messages and bytes the collectors have seen on each output topic, for the floor's shape. */
const seen = {
  decided: { count: 0, bytes: 0 },
  notification: { count: 0, bytes: 0 },
  audit: { count: 0, bytes: 0 },
};
const count = (topic: keyof typeof seen, value: Uint8Array | null) => {
  seen[topic].count++;
  seen[topic].bytes += value?.length ?? 0;
};
const auditIds = new Set<string>(); // every audit record the hub has written; the log must hold each as a leaf
const subs = [
  await bus.consume({ groupId: `${tag}-c1`, topics: [topics.shareDecided] }, async (batch) => {
    const now = Date.now();
    for (const m of batch.messages) {
      decidedAt.set(eventIdOfDecision(m.value!), now);
      count('decided', m.value);
    }
  }),
  await bus.consume({ groupId: `${tag}-c2`, topics: [topics.notification] }, async (batch) => {
    const now = Date.now();
    for (const m of batch.messages) {
      notifiedAt.set(refOfNotification(m.value!), now);
      count('notification', m.value);
      notifications++;
    }
  }),
  await bus.consume({ groupId: `${tag}-c3`, topics: [topics.auditRecord] }, async (batch) => {
    // Audit records are keyed by their audit id, so the collector need not decode them.
    for (const m of batch.messages) {
      auditIds.add(m.key ?? codec.decodeAs('AuditRecord', m.value!).auditId);
      count('audit', m.value);
    }
  }),
];
await Promise.all(subs.map((s) => s.ready));

const PATHS: Record<MixEvent['type'], string> = {
  IncidentRecorded: '/v1/incidents',
  CarePlanIssued: '/v1/care-plans',
  MaracListed: '/v1/marac-listings',
  ConsentRecorded: '/v1/consent',
};
const TOPIC_OF: Record<MixEvent['type'], string> = {
  IncidentRecorded: topics.incidentRecorded,
  CarePlanIssued: topics.carePlanIssued,
  MaracListed: topics.maracListed,
  ConsentRecorded: topics.consentRecorded,
};
const keyOf = (e: MixEvent) =>
  e.type === 'IncidentRecorded'
    ? e.event.location.householdKey
    : e.type === 'CarePlanIssued'
      ? e.event.incident.location.householdKey
      : e.type === 'MaracListed'
        ? e.event.victim.personId
        : e.event.subjectPersonId;
/** POSTs that had to be sent again: a 503 (the broker was busy) or a connection the overloaded gateway dropped. */
const retries = { unavailable: 0, connection: 0 };
// One keep-alive connection per client, reused for every POST (undici: far less of the bench's CPU than fetch).
const gatewayPool = new Pool(gatewayUrl, { connections: CLIENTS, keepAliveTimeout: 60_000 });
/** POSTs `body` until the gateway answers other than 503; answers the status and, when asked, the parsed body. */
async function postJson(path: string, token: string, body: string, read: boolean) {
  for (;;) {
    // Sending the same body under the same event id again is safe: the gateway answers it as the first time.
    const res = await gatewayPool
      .request({
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      })
      .catch((err: unknown) => {
        if (++retries.connection > 10_000) throw err;
        return undefined;
      });
    if (res && res.statusCode !== 503)
      return {
        status: res.statusCode,
        body: read || res.statusCode >= 400 ? await res.body.text() : await res.body.dump(),
      };
    if (res) {
      retries.unavailable++;
      await res.body.dump();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
const post = async (e: MixEvent): Promise<void> => {
  const res = await postJson(PATHS[e.type], tokenFor(e), JSON.stringify(e.event), false);
  if (res.status !== 202)
    throw new Error(`POST ${PATHS[e.type]} answered ${res.status}: ${String(res.body)}`);
};
/** POSTs events of one publisher to the batch endpoint; every one must be accepted (202, or 200 when sent again). */
const postBatch = async (events: readonly MixEvent[]): Promise<void> => {
  const body = JSON.stringify({ events: events.map((e) => ({ type: e.type, event: e.event })) });
  const res = await postJson('/v1/events:batch', tokenFor(events[0]!), body, true);
  if (res.status !== 200)
    throw new Error(`POST /v1/events:batch answered ${res.status}: ${String(res.body)}`);
  const { results } = JSON.parse(String(res.body)) as { results: Array<{ status: number; body: unknown }> };
  const refused = results.find((r) => r.status !== 202 && r.status !== 200);
  if (refused) throw new Error(`a batch item was refused: ${JSON.stringify(refused)}`);
};
const decidedIds = (mix: readonly MixEvent[]) =>
  mix.filter((e) => e.type !== 'ConsentRecorded').map((e) => e.event.eventId);
/** The size of the audit log's latest signed checkpoint (0 before the first). */
async function auditLogSize(): Promise<number> {
  const res = await fetch(`${auditUrl}/v1/audit/checkpoints/latest`, {
    headers: { authorization: `Bearer ${auditorToken}` },
  });
  if (res.status === 404) return 0;
  if (!res.ok) throw new Error(`GET checkpoints/latest answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { size: number }).size;
}
// The audit log's size, polled all through the run, with the moment each new size was first seen.
let auditSize = 0;
let auditSizeSeenAt = 0;
let polling = true;
const poller = (async () => {
  while (polling) {
    const size = await auditLogSize().catch(() => auditSize);
    if (size !== auditSize) [auditSize, auditSizeSeenAt] = [size, Date.now()];
    await new Promise((r) => setTimeout(r, 100));
  }
})();
/** Waits until the audit log's signed checkpoint holds every audit record written so far; returns when it first did. */
async function auditSettled(): Promise<number> {
  let lastReport = Date.now();
  while (auditSize < auditIds.size) {
    if (Date.now() - lastReport > 5000) {
      say(`… audit log at ${auditSize}/${auditIds.size} leaves`);
      lastReport = Date.now();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return auditSizeSeenAt;
}
/** Waits until every decision of the mix is in, and no notification arrived for 2 s; returns that moment. */
async function settle(mix: readonly MixEvent[]): Promise<number> {
  const ids = decidedIds(mix);
  let lastCount = -1;
  let lastChange = Date.now();
  let lastReport = Date.now();
  for (;;) {
    const missing = ids.filter((id) => !decidedAt.has(id)).length;
    if (Date.now() - lastReport > 5000) {
      say(`… ${ids.length - missing}/${ids.length} decided, ${notifications} notifications so far`);
      lastReport = Date.now();
    }
    if (notifications !== lastCount) {
      lastCount = notifications;
      lastChange = Date.now();
    }
    if (missing === 0 && Date.now() - lastChange > 2000)
      return Math.max(...ids.map((id) => decidedAt.get(id)!), ...[...notifiedAt.values()]);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** CPU seconds used so far by each service, the broker and the benchmark itself (its collectors and clients). */
const broker = brokerPid();
const cpuNow = (): Record<string, number | null> => ({
  ...Object.fromEntries(services.map((s) => [s.name, cpuSeconds(s.child.pid)])),
  broker: broker === undefined ? null : cpuSeconds(broker),
  bench: cpuSeconds(process.pid),
});
const cpuSince = (before: Record<string, number | null>) =>
  Object.fromEntries(
    Object.entries(cpuNow()).map(([k, v]) => [
      k,
      v === null || before[k] == null ? null : +(v - before[k]).toFixed(1),
    ]),
  );

/** One throughput phase's figures: to the last notification, and to the last audit leaf. */
interface Throughput {
  readonly events: number;
  readonly toNotificationPerSecond: number;
  readonly toAuditLeafPerSecond: number;
  readonly seconds: number;
  readonly auditSeconds: number;
  /** CPU seconds each process used during the phase (the machine has `machine.cores` cores to share). */
  readonly cpuSeconds: Record<string, number | null>;
}
async function measure(
  name: string,
  mix: readonly MixEvent[],
  push: () => Promise<void>,
): Promise<Throughput> {
  const cpuBefore = cpuNow();
  const t0 = Date.now();
  await push();
  const routed = await settle(mix);
  const logged = Math.max(routed, await auditSettled());
  const cpu = cpuSince(cpuBefore);
  const seconds = (routed - t0) / 1000;
  const auditSeconds = (logged - t0) / 1000;
  const result = {
    events: mix.length,
    seconds,
    auditSeconds,
    toNotificationPerSecond: Math.round(mix.length / seconds),
    toAuditLeafPerSecond: Math.round(mix.length / auditSeconds),
    cpuSeconds: cpu,
  };
  say(
    `${name}: CPU seconds ${Object.entries(cpu)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  say(
    `${name}: ${mix.length} events decided and routed in ${seconds.toFixed(1)} s (${result.toNotificationPerSecond}/s), in the audit log in ${auditSeconds.toFixed(1)} s (${result.toAuditLeafPerSecond}/s; ${auditIds.size} leaves so far)`,
  );
  return result;
}

// Warm-up: a few events end to end first, so no phase measures the consumer groups' first joins and rebalances.
{
  const warmUp = generateMix(50, SEED + 4, `${tag}w`);
  const t0 = Date.now();
  for (const e of warmUp) await post(e);
  await settle(warmUp);
  await auditSettled();
  say(`warmed up: 50 events end to end in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// Phase 1: through the gateway, one POST per event, as fast as it takes them (64 at a time).
let gateway: (Throughput & { acceptPerSecond: number }) | undefined;
if (PHASES.has('gateway')) {
  const mix = generateMix(COUNT, SEED, `${tag}g`);
  let accepted = 0;
  const t0 = Date.now();
  const figures = await measure('via gateway', mix, async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < mix.length) await post(mix[next++]!);
      }),
    );
    accepted = Date.now();
    say(`accepted ${COUNT} events through the gateway (${Math.round(COUNT / ((accepted - t0) / 1000))}/s)`);
  });
  gateway = { ...figures, acceptPerSecond: Math.round(COUNT / ((accepted - t0) / 1000)) };
}

// Phase 1b: through the gateway's batch endpoint, up to 500 events of one publisher per POST, 4 POSTs at a time.
let viaBatch: (Throughput & { acceptPerSecond: number }) | undefined;
if (PHASES.has('batch')) {
  const mix = generateMix(COUNT, SEED + 5, `${tag}x`);
  const byPublisher = new Map<string, MixEvent[]>();
  for (const e of mix) byPublisher.set(tokenFor(e), [...(byPublisher.get(tokenFor(e)) ?? []), e]);
  const batches = [...byPublisher.values()].flatMap((events) =>
    Array.from({ length: Math.ceil(events.length / BATCH_SIZE) }, (_, i) =>
      events.slice(i * BATCH_SIZE, (i + 1) * BATCH_SIZE),
    ),
  );
  let accepted = 0;
  const t0 = Date.now();
  const figures = await measure('via batch', mix, async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: BATCH_CLIENTS }, async () => {
        while (next < batches.length) await postBatch(batches[next++]!);
      }),
    );
    accepted = Date.now();
    say(
      `accepted ${COUNT} events in ${batches.length} batches (${Math.round(COUNT / ((accepted - t0) / 1000))}/s)`,
    );
  });
  viaBatch = { ...figures, acceptPerSecond: Math.round(COUNT / ((accepted - t0) / 1000)) };
}

// Phase 2: straight onto the input topics.
let direct: Throughput | undefined;
let shape: HubShape | undefined;
if (PHASES.has('direct')) {
  const mix = generateMix(COUNT, SEED + 1, `${tag}d`);
  const before = structuredClone(seen);
  direct = await measure('direct to topics', mix, async () => {
    for (let i = 0; i < mix.length; i += 500) {
      await bus.publish(
        mix.slice(i, i + 500).map((e) => ({
          topic: TOPIC_OF[e.type],
          key: keyOf(e),
          value: codec.encode(e.type, e.event as never),
        })),
      );
    }
  });
  const per = (topic: keyof typeof seen) => {
    const n = seen[topic].count - before[topic].count;
    return { perEvent: n / COUNT, bytes: n > 0 ? (seen[topic].bytes - before[topic].bytes) / n : 0 };
  };
  shape = {
    decisionsPerEvent: per('decided').perEvent,
    decisionBytes: per('decided').bytes,
    notificationsPerEvent: per('notification').perEvent,
    notificationBytes: per('notification').bytes,
    auditRecordsPerEvent: per('audit').perEvent,
    auditBytes: per('audit').bytes,
  };
}

// Phase 3: latency at a fixed offered load through the gateway (incident → decision, incident → last notification).
const pct = (xs: number[], p: number) =>
  xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const percentiles = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99) });
/** What the latency phase measured at one offered load. */
interface Latency {
  offeredPerSecond: number;
  achievedPerSecond: number;
  incidents: number;
  toAcceptedMs: ReturnType<typeof percentiles>;
  toDecisionMs: ReturnType<typeof percentiles>;
  toNotificationMs: ReturnType<typeof percentiles>;
}
const latencies: Latency[] = [];
if (PHASES.has('latency'))
  for (const [r, rate] of RATES.entries()) {
    const paced = generateMix(LATENCY_COUNT, SEED + 2 + 10 * r, `${tag}l${r}`).filter(
      (e) => e.type === 'IncidentRecorded',
    );
    const sentAt = new Map<string, number>();
    const acceptedMs: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      paced.map(async (e, i) => {
        const due = t0 + (i * 1000) / rate;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
        sentAt.set(e.event.eventId, Date.now());
        await post(e);
        acceptedMs.push(Date.now() - sentAt.get(e.event.eventId)!);
      }),
    );
    const achievedPerSecond = Math.round(paced.length / ((Date.now() - t0) / 1000));
    await settle(paced);
    const refOf = (e: MixEvent) =>
      e.type === 'IncidentRecorded' ? `HUB-${e.event.forceCode}-${e.event.incidentRef}` : '';
    const latency: Latency = {
      offeredPerSecond: rate,
      achievedPerSecond,
      incidents: paced.length,
      toAcceptedMs: percentiles(acceptedMs),
      toDecisionMs: percentiles(
        paced.map((e) => decidedAt.get(e.event.eventId)! - sentAt.get(e.event.eventId)!),
      ),
      toNotificationMs: percentiles(
        paced.flatMap((e) =>
          notifiedAt.has(refOf(e)) ? [notifiedAt.get(refOf(e))! - sentAt.get(e.event.eventId)!] : [],
        ),
      ),
    };
    latencies.push(latency);
    say(
      `latency at ${rate}/s offered (${achievedPerSecond}/s accepted): POST→202 p50 ${latency.toAcceptedMs.p50} ms, p99 ${latency.toAcceptedMs.p99} ms; POST→decision p50 ${latency.toDecisionMs.p50} ms, p99 ${latency.toDecisionMs.p99} ms; POST→notification p50 ${latency.toNotificationMs.p50} ms, p99 ${latency.toNotificationMs.p99} ms`,
    );
  }

const memory = Object.fromEntries(services.map((s) => [s.name, memoryPeakMiB(s.child.pid)]));
polling = false;
await poller;
await gatewayPool.close();
for (const s of services) await s.stop('SIGTERM');
for (const s of subs) await s.stop();

// Phase 4: the raw kafkajs baseline over the same message bytes.
let baseline: { eventsPerSecond: number; seconds: number } | undefined;
if (PHASES.has('baseline')) {
  const kafka = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.ERROR });
  await provisionTopics(
    kafka,
    [`${prefix}baseline.in`, `${prefix}baseline.out`].map((name) => ({
      name,
      partitions: 6,
      retentionMs: 3_600_000,
      cleanupPolicy: 'delete' as const,
      key: 'bench',
      value: 'bytes',
    })),
  );
  const bytes = generateMix(COUNT, SEED + 3, `${tag}b`).map((e) =>
    Buffer.from(codec.encode(e.type, e.event as never)),
  );
  baseline = await rawBaseline(brokers, `${prefix}baseline.in`, `${prefix}baseline.out`, bytes);
  say(`raw kafkajs passthrough: ${baseline.eventsPerSecond}/s`);
}

// Phase 5: the same-topology floor, with the hub's services stopped: raw stages of the hub's shape and fan-out.
let floor: Awaited<ReturnType<typeof sameTopologyFloor>> | undefined;
if (PHASES.has('floor') && shape) {
  const kafka = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.ERROR });
  const floorTopics = {
    input: `${prefix}floor.in`,
    decided: `${prefix}floor.decided`,
    notification: `${prefix}floor.notification`,
    audit: `${prefix}floor.audit`,
  };
  await provisionTopics(
    kafka,
    Object.values(floorTopics).map((name) => ({
      name,
      // As the hub's: 6 partitions for the inputs, decisions and notifications, 1 for the audit log's topic.
      partitions: name === floorTopics.audit ? 1 : 6,
      retentionMs: 3_600_000,
      cleanupPolicy: 'delete' as const,
      key: 'bench',
      value: 'bytes',
    })),
  );
  const bytes = generateMix(COUNT, SEED + 1, `${tag}f`).map((e) =>
    Buffer.from(codec.encode(e.type, e.event as never)),
  );
  say(
    `floor shape per event: ${shape.decisionsPerEvent.toFixed(2)} decisions of ${Math.round(shape.decisionBytes)} B, ${shape.notificationsPerEvent.toFixed(2)} notifications of ${Math.round(shape.notificationBytes)} B, ${shape.auditRecordsPerEvent.toFixed(2)} audit records of ${Math.round(shape.auditBytes)} B`,
  );
  floor = await sameTopologyFloor(brokers, floorTopics, bytes, shape);
  say(`same-topology floor: ${floor.eventsPerSecond}/s (${floor.auditRecords} audit records)`);
}
await bus.close();
say(`deleted the run's ${await deleteRunTopics(brokers, prefix)} topics`);

const best = direct ?? gateway;
const ratio = (perSecond: number | undefined) =>
  baseline && perSecond !== undefined ? +(perSecond / baseline.eventsPerSecond).toFixed(3) : null;
/** CPU milliseconds per event of each process in a phase, and of the hub's processes and the broker together. */
const cpuMsPerEvent = (t: Throughput | undefined) => {
  if (!t) return null;
  const perEvent = Object.fromEntries(
    Object.entries(t.cpuSeconds).map(([k, v]) => [
      k,
      v === null ? null : +((v * 1000) / t.events).toFixed(2),
    ]),
  );
  const hub = Object.entries(t.cpuSeconds).filter(([k]) => k !== 'bench');
  return {
    ...perEvent,
    hubAndBroker: hub.some(([, v]) => v === null)
      ? null
      : +((hub.reduce((sum, [, v]) => sum + v!, 0) * 1000) / t.events).toFixed(2),
  };
};
const p99At = (rate: number) =>
  latencies.find((l) => l.offeredPerSecond === rate)?.toNotificationMs.p99 ?? null;
/** The run in the keys the issue tracks (ADR 80): hubOverFloor is the direct phase to the last audit leaf over the
 * same-topology floor (null when either was not run); the single-hop passthrough is `singleHopPerSec`. */
const summary = {
  viaGatewayPerSec: gateway?.toNotificationPerSecond ?? null,
  viaGatewayAcceptPerSec: gateway?.acceptPerSecond ?? null,
  viaBatchPerSec: viaBatch?.toAuditLeafPerSecond ?? null,
  viaBatchAcceptPerSec: viaBatch?.acceptPerSecond ?? null,
  directPerSec: direct?.toNotificationPerSecond ?? null,
  directAuditPerSec: direct?.toAuditLeafPerSecond ?? null,
  floorPerSec: floor?.eventsPerSecond ?? null,
  hubOverFloor: floor && direct ? +(direct.toAuditLeafPerSecond / floor.eventsPerSecond).toFixed(3) : null,
  singleHopPerSec: baseline?.eventsPerSecond ?? null,
  p99MsAt100: p99At(100),
  p99MsAt500: p99At(500),
  cpuMsPerEvent: {
    viaGateway: cpuMsPerEvent(gateway),
    viaBatch: cpuMsPerEvent(viaBatch),
    direct: cpuMsPerEvent(direct),
  },
  memoryPeakMiB: memory,
};
const result = {
  run: tag,
  at: new Date().toISOString(),
  machine: { cores: (await import('node:os')).cpus().length, node: process.version },
  count: COUNT,
  seed: SEED,
  phases: [...PHASES],
  settings: {
    ...tuningEnv(),
    database: process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite (gateway), PGlite (audit)',
  },
  summary,
  throughput: {
    viaGateway: gateway ?? null,
    viaBatch: viaBatch ?? null,
    direct: direct ?? null,
    rawBaselinePerSecond: baseline?.eventsPerSecond ?? null,
    ratioToBaseline: {
      toNotification: ratio(best?.toNotificationPerSecond),
      toAuditLeaf: ratio(best?.toAuditLeafPerSecond),
    },
  },
  latency: latencies,
  floor: floor ? { ...floor, shape } : null,
  memoryPeakMiB: memory,
  notifications,
  auditLeaves: auditIds.size,
  postRetries: retries,
};
const dir = join(repoRoot, 'bench-results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, `${tag}.json`), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(dir, `${tag}.summary.json`), `${JSON.stringify(summary)}\n`);
const rate = (t: Throughput | undefined) =>
  t
    ? `${t.toNotificationPerSecond} events/s to the last notification, ${t.toAuditLeafPerSecond}/s to the last audit leaf`
    : 'not run';
const ms = (p: ReturnType<typeof percentiles> | undefined) =>
  p ? `${p.p50} / ${p.p95} / ${p.p99} ms` : 'not run';
const md = [
  `# sharehub benchmark ${tag} (${result.at})`,
  '',
  `| measure | value |`,
  `|---|---|`,
  `| events (seed ${SEED}) | ${COUNT} per phase |`,
  `| settings | ${Object.entries(result.settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')} |`,
  `| end to end via gateway (one POST per event, ${CLIENTS} clients) | ${rate(gateway)}${gateway ? ` (POSTs accepted at ${gateway.acceptPerSecond}/s)` : ''} |`,
  `| end to end via the batch endpoint (${BATCH_SIZE} per POST, ${BATCH_CLIENTS} at once) | ${rate(viaBatch)}${viaBatch ? ` (accepted at ${viaBatch.acceptPerSecond}/s)` : ''} |`,
  `| end to end direct to topics | ${rate(direct)} |`,
  `| raw kafkajs passthrough, single hop (same bytes) | ${baseline ? `${baseline.eventsPerSecond} events/s` : 'not run'} |`,
  `| same-topology floor (hub's shape, services stopped) | ${floor ? `${floor.eventsPerSecond} events/s; hub (direct, to the audit leaf) / floor ${summary.hubOverFloor ?? 'n/a'}` : 'not run'} |`,
  `| hub / single hop (${direct ? 'direct' : gateway ? 'via gateway' : 'no throughput phase'}) | ${result.throughput.ratioToBaseline.toNotification ?? 'n/a'} to the notification, ${result.throughput.ratioToBaseline.toAuditLeaf ?? 'n/a'} to the audit leaf |`,
  ...(latencies.length > 0
    ? latencies.flatMap((l) => [
        `| POST→202 p50/p95/p99 at ${l.offeredPerSecond}/s offered | ${ms(l.toAcceptedMs)} |`,
        `| POST→decision p50/p95/p99 at ${l.offeredPerSecond}/s offered | ${ms(l.toDecisionMs)} |`,
        `| POST→notification p50/p95/p99 at ${l.offeredPerSecond}/s offered | ${ms(l.toNotificationMs)} |`,
      ])
    : ['| latency | not run |']),
  ...(
    [
      ['gateway', gateway],
      ['batch', viaBatch],
      ['direct', direct],
    ] as const
  ).flatMap(([name, phase]) =>
    phase
      ? [
          `| CPU seconds, ${name} phase | ${Object.entries(phase.cpuSeconds)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')} |`,
          `| CPU ms per event, ${name} phase | ${Object.entries(cpuMsPerEvent(phase)!)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')} |`,
        ]
      : [],
  ),
  `| memory peak (MiB) | ${Object.entries(memory)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')} |`,
  `| notifications, audit leaves | ${notifications}, ${auditIds.size} |`,
  `| POSTs sent again (503, dropped connection) | ${retries.unavailable}, ${retries.connection} |`,
  '',
].join('\n');
writeFileSync(join(dir, `${tag}.md`), md);
process.stdout.write(`${md}\n`);
const figure = (v: number | null, unit = '/s') => (v === null ? 'n/a' : `${v}${unit}`);
process.stdout.write(
  `bench ${tag}: via gateway ${figure(summary.viaGatewayPerSec)}, via batch ${figure(summary.viaBatchPerSec)} (to the audit leaf), direct ${figure(summary.directPerSec)} (${figure(summary.directAuditPerSec)} to the audit leaf), floor ${figure(summary.floorPerSec)}, single hop ${figure(summary.singleHopPerSec)}, p99 POST→notification ${figure(summary.p99MsAt100, ' ms')} at 100/s and ${figure(summary.p99MsAt500, ' ms')} at 500/s, gateway ${figure(memory.gateway ?? null, ' MiB')} peak; JSON in bench-results/${tag}.summary.json\n`,
);
process.exit(0);
