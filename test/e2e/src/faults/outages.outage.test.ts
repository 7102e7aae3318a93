import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPostgres } from '@sharehub/kit/testing';
import { startDedicatedBroker, testServers, type DedicatedBroker } from '@sharehub/test-support';
import { collectOutputs, outputTopicsOf } from '../hubHarness.js';
import { expectClean } from './expectClean.js';
import { startFaultHub, type FaultHub } from './faultHub.js';
import { runWithFaults, type Fault } from './faultRun.js';
import { startTcpProxy } from './tcpProxy.js';
import { writeRunEvidence } from './writeRunEvidence.js';
import { fileURLToPath } from 'node:url';

// Dependencies taken away under load: the broker stopped and restarted (twice), the S3 server and PostgreSQL cut
// off. The whole hub runs on a broker of this file's own (it is stopped here), reaches S3 and PostgreSQL through
// proxies this file cuts, and keeps its state in PostgreSQL (DATABASE_URL), so the database outage touches the
// gateway's ledger, the inbox store and the audit index. OUTAGE_SECONDS sets each outage (30 by default).
const OUTAGE_MS = Number(process.env.OUTAGE_SECONDS ?? 30) * 1000;
let broker: DedicatedBroker;
let hub: FaultHub;
let out: Awaited<ReturnType<typeof collectOutputs>>;
let s3: Awaited<ReturnType<typeof startTcpProxy>>;
let db: Awaited<ReturnType<typeof startTcpProxy>>;
const postgres = testPostgres(process.env.TEST_DATABASE_URL);

beforeAll(async () => {
  broker = await startDedicatedBroker(29192);
  const s3Url = new URL(testServers().s3Endpoint);
  s3 = await startTcpProxy({ host: s3Url.hostname, port: Number(s3Url.port) });
  const viaProxy = await postgres.create();
  db = await startTcpProxy({ host: viaProxy.hostname, port: Number(viaProxy.port || 5432) });
  viaProxy.port = String(db.port);
  hub = await startFaultHub({
    kafkaBrokers: broker.brokers,
    s3Endpoint: `http://127.0.0.1:${s3.port}`,
    databaseUrl: viaProxy.toString(),
  });
  out = await collectOutputs(outputTopicsOf(hub.topics), broker.brokers);
}, 300_000);
afterAll(async () => {
  try {
    await out?.stop();
    await hub?.stop();
    await s3?.close();
    await db?.close();
  } finally {
    // The broker is this file's own: never left running, whatever failed above.
    await broker?.destroy();
    await postgres.dropAll();
  }
}, 180_000);

type Listening = 'gateway' | 'audit' | 'inbox';
/** What each listening service's `/readyz` answered half-way through each outage (0 for no answer in 5 s). */
const readinessDuring = new Map<string, Record<Listening, number>>();

/**
 * A dependency taken away for OUTAGE_MS and given back; half-way through, what each listening service's
 * `/readyz` answered is kept (readiness during outages: issue 17) and said in the figures.
 */
const outage = (name: string, down: () => Promise<void> | void, up: () => Promise<void> | void): Fault => ({
  name,
  inject: async () => {
    await down();
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Sampled half-way through, so the outage lasts OUTAGE_MS however slowly /readyz answers.
    const sampled = sleep(OUTAGE_MS / 2).then(() =>
      Promise.all([hub.gatewayUrl, hub.auditUrl, hub.inboxUrl].map(readyz)),
    );
    await sleep(OUTAGE_MS);
    const [gateway, audit, inbox] = (await sampled) as [number, number, number];
    readinessDuring.set(`${name} ${readinessDuring.size + 1}`, { gateway, audit, inbox });
    await up();
    return `/readyz during: gateway ${gateway}, audit ${audit}, inbox ${inbox}`;
  },
});

/** Every outage named `name` found exactly `down` not ready (503) half-way through, and the others ready (200). */
function expectReadinessDuring(name: string, down: readonly Listening[]): void {
  const seen = [...readinessDuring].filter(([key]) => key.startsWith(`${name} `));
  expect(seen.length, `outages named ${name}`).toBeGreaterThan(0);
  for (const [key, statuses] of seen)
    for (const service of ['gateway', 'audit', 'inbox'] as const)
      expect(statuses[service], `${service} /readyz during ${key}`).toBe(down.includes(service) ? 503 : 200);
}

/** Every listening service answers /readyz 200 again once the hub has caught up (within a minute). */
async function expectReadyAgain(): Promise<void> {
  const deadline = Date.now() + 60_000;
  let statuses: number[] = [];
  do {
    statuses = await Promise.all([hub.gatewayUrl, hub.auditUrl, hub.inboxUrl].map(readyz));
    if (statuses.every((s) => s === 200)) return;
    await new Promise((r) => setTimeout(r, 1_000));
  } while (Date.now() < deadline);
  expect(statuses, '/readyz of gateway, audit, inbox a minute after the hub caught up').toEqual([
    200, 200, 200,
  ]);
}

/** What a service's /readyz answers (0: no answer within 5 s). */
async function readyz(url: string): Promise<number> {
  const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
  return res?.status ?? 0;
}

const evidenceDir = (name: string) =>
  fileURLToPath(new URL(`../../../../artifacts/faults/${name}/`, import.meta.url));

describe('the fault matrix: dependencies taken away under load', () => {
  it('the broker stopped for the outage and restarted, twice: nothing acknowledged is lost, nothing twice', async () => {
    const stop = outage(
      'broker stopped',
      () => broker.stop(),
      () => broker.start(),
    );
    const report = await runWithFaults(hub, out, 'broker outage', [stop, stop], { seed: 5 }).finally(() =>
      writeRunEvidence(hub, broker.brokers, evidenceDir('broker')),
    );
    expectClean(report);
    expectReadinessDuring('broker stopped', ['gateway', 'audit', 'inbox']);
    await expectReadyAgain();
  }, 1_200_000);

  it('S3 unreachable for the outage: the audit service stops checkpointing and resumes with no gap', async () => {
    const cut = outage(
      'S3 unreachable',
      () => s3.cut(),
      () => s3.restore(),
    );
    const report = await runWithFaults(hub, out, 'S3 outage', [cut], { seed: 6 }).finally(() =>
      writeRunEvidence(hub, broker.brokers, evidenceDir('s3')),
    );
    expectClean(report);
    expectReadinessDuring('S3 unreachable', ['audit']);
    await expectReadyAgain();
  }, 1_200_000);

  it('PostgreSQL unreachable for the outage: the gateway answers 503 with Retry-After; nothing acknowledged is lost', async () => {
    const cut = outage(
      'PostgreSQL unreachable',
      () => db.cut(),
      () => db.restore(),
    );
    const report = await runWithFaults(hub, out, 'PostgreSQL outage', [cut], { seed: 7 }).finally(() =>
      writeRunEvidence(hub, broker.brokers, evidenceDir('postgresql')),
    );
    expectClean(report);
    expectReadinessDuring('PostgreSQL unreachable', ['gateway', 'audit', 'inbox']);
    await expectReadyAgain();
    const unavailable = report.retriedAnswers?.['503'];
    expect(unavailable?.answers, 'POSTs the gateway answered 503 while PostgreSQL was away').toBeGreaterThan(
      0,
    );
    expect(unavailable?.withRetryAfter, 'of them, with Retry-After').toBe(unavailable?.answers);
  }, 1_200_000);
});
