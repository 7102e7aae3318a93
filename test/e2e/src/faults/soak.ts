import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@sharehub/kit';
import { Kafka, logLevel } from 'kafkajs';
import type { collectOutputs } from '../hubHarness.js';
import type { FaultHub } from './faultHub.js';
import { faultInputs } from './faultInputs.js';
import { plotSeries, type SeriesPoint } from './plotSeries.js';
import { reconcile, type Reconciliation } from './reconcile.js';
import { steadyLoad } from './steadyLoad.js';

/** One sample of the soak, taken every `sampleSeconds`. */
export interface SoakSample {
  readonly minute: number;
  /** Resident memory of each instance, MiB. */
  readonly rssMiB: Readonly<Record<string, number | null>>;
  /** p99 of POST sent → notification on its topic, over the inputs posted since the last sample, ms. */
  readonly p99Ms: number | null;
  /** Messages each consumer group has yet to read on its topics. */
  readonly lag: Readonly<Record<string, number>>;
}

/** What a soak reports. */
export interface SoakReport {
  readonly minutes: number;
  readonly ratePerSec: number;
  readonly samples: readonly SoakSample[];
  readonly reconciliation: Reconciliation;
  /** Where the memory and latency charts were written. */
  readonly charts: readonly string[];
}

const logger = createLogger('soak', { level: 'error' });

/**
 * A soak: a steady load for `minutes` through the whole hub, sampling each instance's memory, the POST→notification
 * p99 and every consumer group's lag, then the reconciliation by id, and the memory and latency series drawn as SVG
 * charts under `artifactsDir`. `progress` gets one line per sample.
 */
export async function runSoak(
  hub: FaultHub,
  out: Awaited<ReturnType<typeof collectOutputs>>,
  options: {
    minutes: number;
    ratePerSec: number;
    sampleSeconds?: number;
    brokers: readonly string[];
    artifactsDir: string;
    /**
     * Simulated event time per second of load (default 0: every input dated as the contract's examples): input n is
     * dated `(N - 1 - n) / rate × daysPerSecond` days before the last, so the services' history windows slide and
     * their state stays bounded (ADR 0082).
     */
    daysPerSecond?: number;
    progress?: (line: string) => void;
  },
): Promise<SoakReport> {
  const sampleMs = (options.sampleSeconds ?? 60) * 1000;
  const total = Math.round(options.minutes * 60 * options.ratePerSec);
  const daysPerSecond = options.daysPerSecond ?? 0;
  const inputs = faultInputs(
    total,
    100,
    daysPerSecond > 0
      ? (n) => -Math.round(((total - 1 - n) / options.ratePerSec) * daysPerSecond)
      : undefined,
  );
  const tokens = new Map<string, Promise<string>>();
  const sentAt = new Map<string, number>(); // notificationId -> when its input was first posted
  const started = Date.now();
  const load = steadyLoad(inputs, {
    ratePerSec: options.ratePerSec,
    gatewayUrl: () => hub.gatewayUrl,
    tokenFor: (org) => {
      if (!tokens.has(org)) tokens.set(org, hub.tokenFor('publisher', org));
      return tokens.get(org)!;
    },
  });
  // The load starts input n at started + n / rate: when each notification's input was sent.
  inputs.forEach((input, n) => {
    for (const note of input.notifications)
      sentAt.set(note.notificationId, started + (n * 1000) / options.ratePerSec);
  });
  const kafka = new Kafka({
    clientId: 'soak-lag',
    brokers: [...options.brokers],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const samples: SoakSample[] = [];
  let seenNotifications = 0;
  const sample = async () => {
    const raw = out.raw(hub.topics.notification);
    const latencies: number[] = [];
    for (let i = seenNotifications; i < raw.length; i++) {
      const id = (raw[i]!.value as { notificationId?: string }).notificationId;
      const sent = id ? sentAt.get(id) : undefined;
      if (sent !== undefined) latencies.push(Number(raw[i]!.message.timestamp) - sent);
    }
    seenNotifications = raw.length;
    latencies.sort((a, b) => a - b);
    const rssMiB: Record<string, number | null> = {};
    for (const key of hub.instances()) rssMiB[key] = rssOf(hub.process(key)?.child.pid);
    const s: SoakSample = {
      minute: (Date.now() - started) / 60_000,
      rssMiB,
      p99Ms: latencies.length
        ? latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!
        : null,
      lag: await lagOf(admin, hub),
    };
    samples.push(s);
    options.progress?.(
      `[soak] ${s.minute.toFixed(1)} min: ${load.settled()}/${inputs.length} posted, p99 ${s.p99Ms ?? '-'} ms, ` +
        `memory ${Object.entries(s.rssMiB)
          .map(([k, v]) => `${k} ${v ?? '-'}`)
          .join(', ')} MiB, ` +
        `lag ${Object.entries(s.lag)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    );
  };
  const timer = setInterval(
    () => void sample().catch((err: Error) => logger.error({ err }, 'sample failed')),
    sampleMs,
  );
  try {
    const outcomes = await load.done;
    clearInterval(timer);
    await sample();
    // The charts first: they need only the samples, and a long run's reconciliation reads every inbox page by page.
    mkdirSync(options.artifactsDir, { recursive: true });
    const memory = join(options.artifactsDir, 'soak-memory.svg');
    const latency = join(options.artifactsDir, 'soak-latency.svg');
    const memoryPoints: SeriesPoint[] = samples.flatMap((s) =>
      Object.entries(s.rssMiB).flatMap(([series, value]) =>
        value === null ? [] : [{ minute: s.minute, series, value }],
      ),
    );
    const latencyPoints: SeriesPoint[] = samples.flatMap((s) =>
      s.p99Ms === null ? [] : [{ minute: s.minute, series: 'POST → notification p99', value: s.p99Ms }],
    );
    writeFileSync(memory, await plotSeries('Resident memory of each service', 'MiB', memoryPoints));
    writeFileSync(
      latency,
      await plotSeries('Latency, POST to notification', 'ms (p99 per sample)', latencyPoints),
    );
    options.progress?.(`[soak] charts written: ${memory}, ${latency}; reconciling`);
    const reconciliation = await reconcile(hub, out, outcomes, { timeoutMs: 300_000 });
    writeFileSync(
      join(options.artifactsDir, 'soak.json'),
      JSON.stringify({ ...options, samples, reconciliation }, null, 2),
    );
    return {
      minutes: options.minutes,
      ratePerSec: options.ratePerSec,
      samples,
      reconciliation,
      charts: [memory, latency],
    };
  } finally {
    clearInterval(timer);
    await admin.disconnect();
  }
}

/** Resident memory (VmRSS) of a process in MiB, or null once it has gone. */
function rssOf(pid: number | undefined): number | null {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

/** For each of the hub's consumer groups, how many messages on its topics it has yet to read (committed offsets). */
async function lagOf(admin: ReturnType<Kafka['admin']>, hub: FaultHub): Promise<Record<string, number>> {
  // Each group on the topics it consumes (a topic it never consumes would count as all lag).
  const groups: Record<string, string[]> = {
    [`triage-${hub.run}`]: [hub.topics.incidentRecorded, hub.topics.carePlanIssued],
    [`router-${hub.run}`]: [hub.topics.carePlanIssued, hub.topics.hubCarePlan, hub.topics.maracListed],
    [`router-${hub.run}.consents`]: [hub.topics.consentRecorded],
    [`inbox-${hub.run}`]: [hub.topics.notification],
    [`audit-${hub.run}`]: [hub.topics.auditRecord],
  };
  const lag: Record<string, number> = {};
  for (const [groupId, topics] of Object.entries(groups)) {
    let behind = 0;
    try {
      const committed = await admin.fetchOffsets({ groupId, topics });
      for (const { topic, partitions } of committed) {
        const ends = await admin.fetchTopicOffsets(topic);
        for (const p of partitions) {
          const end = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
          const at = Number(p.offset) < 0 ? 0 : Number(p.offset);
          behind += Math.max(0, end - at);
        }
      }
    } catch {
      behind = -1;
    }
    lag[groupId.replace(`-${hub.run}`, '')] = behind;
  }
  return lag;
}
