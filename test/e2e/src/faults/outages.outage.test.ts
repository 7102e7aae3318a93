import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { startDedicatedBroker, testServers, type DedicatedBroker } from '@sharehub/test-support';
import { collectOutputs, outputTopicsOf } from '../hubHarness.js';
import { expectClean } from './expectClean.js';
import { startFaultHub, type FaultHub } from './faultHub.js';
import { runWithFaults } from './faultRun.js';
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
let database: string;
const adminUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

beforeAll(async () => {
  broker = await startDedicatedBroker(29192);
  const s3Url = new URL(testServers().s3Endpoint);
  s3 = await startTcpProxy({ host: s3Url.hostname, port: Number(s3Url.port) });
  const pgUrl = new URL(adminUrl());
  db = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
  database = `sharehub_fault_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${database}`);
  const viaProxy = new URL(adminUrl());
  viaProxy.port = String(db.port);
  viaProxy.pathname = `/${database}`;
  hub = await startFaultHub({
    kafkaBrokers: broker.brokers,
    s3Endpoint: `http://127.0.0.1:${s3.port}`,
    databaseUrl: viaProxy.toString(),
  });
  out = await collectOutputs(outputTopicsOf(hub.topics), broker.brokers);
}, 300_000);
afterAll(async () => {
  await out?.stop();
  await hub?.stop();
  await s3?.close();
  await db?.close();
  await broker?.destroy();
  if (database) await admin(`drop database if exists ${database} with (force)`);
});

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const outage = (name: string, down: () => Promise<void> | void, up: () => Promise<void> | void) => ({
  name,
  inject: async () => {
    await down();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await up();
  },
});

/** Whether a service's /readyz says it can do its job. */
async function ready(url: string): Promise<boolean> {
  const res = await fetch(`${url}/readyz`).catch(() => undefined);
  return res?.status === 200;
}

describe('the fault matrix: dependencies taken away under load', () => {
  it('the broker stopped for the outage and restarted, twice: nothing acknowledged is lost, nothing twice', async () => {
    const stop = outage(
      'broker stopped',
      () => broker.stop(),
      () => broker.start(),
    );
    const report = await runWithFaults(hub, out, 'broker outage', [stop, stop], { seed: 5 });
    await writeRunEvidence(hub, broker.brokers, fileURLToPath(new URL('../../../../artifacts/faults/broker/', import.meta.url)));
    expectClean(report);
  }, 1_200_000);

  it('S3 unreachable for the outage: the audit service stops checkpointing, says it is not ready, and resumes with no gap', async () => {
    let readyDuring: boolean | undefined;
    const cut = outage(
      'S3 unreachable',
      () => s3.cut(),
      async () => {
        readyDuring = await ready(hub.auditUrl);
        s3.restore();
      },
    );
    const report = await runWithFaults(hub, out, 'S3 outage', [cut], { seed: 6 });
    expectClean(report);
    expect(readyDuring, 'the audit service ready while S3 was unreachable').toBe(false);
  }, 1_200_000);

  it('PostgreSQL unreachable for the outage: the gateway answers 503 with Retry-After and is not ready; nothing acknowledged is lost', async () => {
    const during: { gatewayReady?: boolean; inboxReady?: boolean } = {};
    const cut = outage(
      'PostgreSQL unreachable',
      () => db.cut(),
      async () => {
        during.gatewayReady = await ready(hub.gatewayUrl);
        during.inboxReady = await ready(hub.inboxUrl);
        db.restore();
      },
    );
    const report = await runWithFaults(hub, out, 'PostgreSQL outage', [cut], { seed: 7 });
    expectClean(report);
    expect(during).toEqual({ gatewayReady: false, inboxReady: false });
  }, 1_200_000);
});
