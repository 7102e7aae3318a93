#!/usr/bin/env node
// `npm run bench [-- --count 5000 --seed 7 --rate 500 --latency-count 1500]`: the hub's end-to-end throughput and
// latency on the real broker, beside a raw kafkajs baseline in the same run. Writes JSON and a markdown table under
// bench-results/ (git-ignored) and prints a one-line summary last.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureLocalServer, LOCAL_KAFKA, prefixedTopics, provisionInfra, repoRoot } from '@sharehub/infra';
import { createLogger, ensureDevKeys, KafkaEventBus, signDevToken, provisionTopics } from '@sharehub/kit';
import { createCodec } from '@sharehub/schemas';
import { spawnService, type ServiceProcess } from '@sharehub/test-support';
import { Kafka, logLevel } from 'kafkajs';
import { generateMix, type MixEvent } from './generateMix.js';
import { rawBaseline } from './rawBaseline.js';
import { tuningEnv } from './tuningEnv.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '7' },
    rate: { type: 'string', default: '500' },
    'latency-count': { type: 'string', default: '1500' },
  },
});
const COUNT = Number(args.count);
const SEED = Number(args.seed);
const RATE = Number(args.rate);
const LATENCY_COUNT = Number(args['latency-count']);
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const brokers = process.env.KAFKA_BROKERS?.split(',') ?? [LOCAL_KAFKA];
if (!process.env.KAFKA_BROKERS) await ensureLocalServer('kafka');
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
const tokenFor = (e: MixEvent) =>
  tokens[
    e.type === 'IncidentRecorded'
      ? e.event.forceCode
      : e.type === 'CarePlanIssued'
        ? e.event.incident.forceCode
        : 'GMP'
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
};
// The ready lines are logged at info; warn keeps the measured processes quiet, so wait on the HTTP port instead.
const services: ServiceProcess[] = [];
for (const name of ['gateway', 'triage', 'router'])
  services.push(await spawnService(name, { ...env, LOG_LEVEL: 'info' }));
const gatewayUrl = String(services[0]!.lines.find((l) => l.msg === 'gateway listening')?.url);
say(`services up: gateway ${gatewayUrl}, triage, router`);

// Collect decisions and notifications as they are committed.
const codec = createCodec();
const bus = new KafkaEventBus({
  brokers,
  clientId: 'bench-collector',
  logger: createLogger('bench', { level: 'error' }),
});
const decidedAt = new Map<string, number>(); // source eventId -> time
const notifiedAt = new Map<string, number>(); // source ref -> time of the latest notification
let notifications = 0;
const subs = [
  await bus.consume({ groupId: `${tag}-c1`, topics: [topics.shareDecided] }, async (batch) => {
    const now = Date.now();
    for (const m of batch.messages)
      decidedAt.set(codec.decodeAs('ShareDecision', m.value!).source.eventId, now);
  }),
  await bus.consume({ groupId: `${tag}-c2`, topics: [topics.notification] }, async (batch) => {
    const now = Date.now();
    for (const m of batch.messages) {
      notifiedAt.set(codec.decodeAs('ShareNotification', m.value!).source.ref, now);
      notifications++;
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
const post = async (e: MixEvent): Promise<void> => {
  for (;;) {
    const res = await fetch(`${gatewayUrl}${PATHS[e.type]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenFor(e)}` },
      body: JSON.stringify(e.event),
    });
    if (res.status === 202) return;
    if (res.status !== 503)
      throw new Error(`POST ${PATHS[e.type]} answered ${res.status}: ${await res.text()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};
const decidedIds = (mix: readonly MixEvent[]) =>
  mix.filter((e) => e.type !== 'ConsentRecorded').map((e) => e.event.eventId);
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
const memoryPeakMiB = (pid: number | undefined) => {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
};

// Phase 1: through the gateway, as fast as it takes them (64 at a time).
const viaGateway = generateMix(COUNT, SEED, `${tag}g`);
let t0 = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (next < viaGateway.length) await post(viaGateway[next++]!);
  }),
);
say(`accepted ${COUNT} events through the gateway`);
const postedGateway = Date.now();
const doneGateway = await settle(viaGateway);
const gateway = {
  events: COUNT,
  seconds: (doneGateway - t0) / 1000,
  acceptSeconds: (postedGateway - t0) / 1000,
};
say(
  `via gateway: ${COUNT} events decided and routed in ${gateway.seconds.toFixed(1)} s (${Math.round(COUNT / gateway.seconds)}/s; POSTs accepted at ${Math.round(COUNT / gateway.acceptSeconds)}/s)`,
);

// Phase 2: straight onto the input topics.
const direct = generateMix(COUNT, SEED + 1, `${tag}d`);
t0 = Date.now();
for (let i = 0; i < direct.length; i += 500) {
  await bus.publish(
    direct.slice(i, i + 500).map((e) => ({
      topic: TOPIC_OF[e.type],
      key: keyOf(e),
      value: codec.encode(e.type, e.event as never),
    })),
  );
}
const doneDirect = await settle(direct);
const directRun = { events: COUNT, seconds: (doneDirect - t0) / 1000 };
say(
  `direct to topics: ${COUNT} events decided and routed in ${directRun.seconds.toFixed(1)} s (${Math.round(COUNT / directRun.seconds)}/s)`,
);

// Phase 3: latency at a fixed offered load through the gateway (incident → decision, incident → last notification).
const paced = generateMix(LATENCY_COUNT, SEED + 2, `${tag}l`).filter((e) => e.type === 'IncidentRecorded');
const sentAt = new Map<string, number>();
t0 = Date.now();
await Promise.all(
  paced.map(async (e, i) => {
    const due = t0 + (i * 1000) / RATE;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    sentAt.set(e.event.eventId, Date.now());
    await post(e);
  }),
);
await settle(paced);
const pct = (xs: number[], p: number) =>
  xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const toDecision = paced.map((e) => decidedAt.get(e.event.eventId)! - sentAt.get(e.event.eventId)!);
const toNotification = paced.flatMap((e) =>
  e.type === 'IncidentRecorded' && notifiedAt.has(`HUB-${e.event.forceCode}-${e.event.incidentRef}`)
    ? [notifiedAt.get(`HUB-${e.event.forceCode}-${e.event.incidentRef}`)! - sentAt.get(e.event.eventId)!]
    : [],
);
const latency = {
  offeredPerSecond: RATE,
  incidents: paced.length,
  toDecisionMs: { p50: pct(toDecision, 50), p95: pct(toDecision, 95), p99: pct(toDecision, 99) },
  toNotificationMs: {
    p50: pct(toNotification, 50),
    p95: pct(toNotification, 95),
    p99: pct(toNotification, 99),
  },
};
say(
  `latency at ${RATE}/s offered: POST→decision p50 ${latency.toDecisionMs.p50} ms, p99 ${latency.toDecisionMs.p99} ms; POST→notification p50 ${latency.toNotificationMs.p50} ms, p99 ${latency.toNotificationMs.p99} ms`,
);

const memory = Object.fromEntries(services.map((s) => [s.name, memoryPeakMiB(s.child.pid)]));
for (const s of services) await s.stop('SIGTERM');
for (const s of subs) await s.stop();

// Phase 4: the raw kafkajs baseline over the same message bytes.
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
const baseline = await rawBaseline(brokers, `${prefix}baseline.in`, `${prefix}baseline.out`, bytes);
await bus.close();
say(`raw kafkajs passthrough: ${baseline.eventsPerSecond}/s`);

const directPerSecond = Math.round(COUNT / directRun.seconds);
const result = {
  run: tag,
  at: new Date().toISOString(),
  machine: { cores: (await import('node:os')).cpus().length, node: process.version },
  count: COUNT,
  seed: SEED,
  throughput: {
    viaGatewayPerSecond: Math.round(COUNT / gateway.seconds),
    gatewayAcceptPerSecond: Math.round(COUNT / gateway.acceptSeconds),
    directPerSecond,
    rawBaselinePerSecond: baseline.eventsPerSecond,
    ratioToBaseline: +(directPerSecond / baseline.eventsPerSecond).toFixed(2),
  },
  latency,
  memoryPeakMiB: memory,
  notifications,
};
const dir = join(repoRoot, 'bench-results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, `${tag}.json`), `${JSON.stringify(result, null, 2)}\n`);
const md = [
  `# sharehub benchmark ${tag} (${result.at})`,
  '',
  `| measure | value |`,
  `|---|---|`,
  `| events (seed ${SEED}) | ${COUNT} |`,
  `| end to end via gateway | ${result.throughput.viaGatewayPerSecond} events/s |`,
  `| end to end direct to topics | ${directPerSecond} events/s |`,
  `| raw kafkajs passthrough (same bytes) | ${baseline.eventsPerSecond} events/s |`,
  `| hub / baseline | ${result.throughput.ratioToBaseline} |`,
  `| POST→decision p50/p95/p99 at ${RATE}/s | ${latency.toDecisionMs.p50} / ${latency.toDecisionMs.p95} / ${latency.toDecisionMs.p99} ms |`,
  `| POST→notification p50/p95/p99 at ${RATE}/s | ${latency.toNotificationMs.p50} / ${latency.toNotificationMs.p95} / ${latency.toNotificationMs.p99} ms |`,
  `| memory peak (MiB) | ${Object.entries(memory)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')} |`,
  '',
].join('\n');
writeFileSync(join(dir, `${tag}.md`), md);
process.stdout.write(`${md}\n`);
process.stdout.write(
  `bench ${tag}: ${result.throughput.viaGatewayPerSecond}/s via gateway, ${directPerSecond}/s direct, baseline ${baseline.eventsPerSecond}/s (ratio ${result.throughput.ratioToBaseline}), p99 POST→decision ${latency.toDecisionMs.p99} ms at ${RATE}/s, results in bench-results/${tag}.json\n`,
);
process.exit(0);
