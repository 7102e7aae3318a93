#!/usr/bin/env node
// `npm run bench:gateway [-- --count 5000]`: the gateway alone, in process, on the in-memory bus (no broker): single
// POSTs (64 keep-alive clients) and batches (500 per POST, 4 at once) per second, with the process's CPU per event
// (server and load generator together) and its peak memory, for each ledger: the SQLite file (the default), SQL on
// embedded PGlite (the old default), and PostgreSQL when DATABASE_URL is set. Prints a table; figures, not a test.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, systemClock } from '@sharehub/kit';
import {
  createTokenVerifier,
  DEV_ISSUER,
  ensureDevKeys,
  SERVICE_AUDIENCES,
  signDevToken,
} from '@sharehub/kit/auth';
import { closeServer, listen } from '@sharehub/kit/http';
import { PgDatabase, PGliteDatabase } from '@sharehub/kit/sql';
import { InMemoryEventBus } from '@sharehub/kit/testing';
import { createCodec } from '@sharehub/schemas';
import {
  avroEventCodec,
  cacheVerifiedTokens,
  CachedAcceptedEventLedger,
  createGatewayApp,
  SqlAcceptedEventLedger,
  SqliteAcceptedEventLedger,
  type AcceptedEventLedger,
} from '@sharehub/gateway';
import { Pool } from 'undici';
import { generateMix, type MixEvent } from './generateMix.js';

const { values: args } = parseArgs({ options: { count: { type: 'string', default: '5000' } } });
const COUNT = Number(args.count);
const rssMiB = () =>
  Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024);

const keys = mkdtempSync(join(tmpdir(), 'gw-bench-keys-'));
const { jwks } = await ensureDevKeys(keys);
const tokens: Record<string, string> = {};
for (const org of ['GMP', 'KNT'])
  tokens[org] = await signDevToken(keys, {
    role: 'publisher',
    org,
    areas: ['trafford', 'kent'],
    audience: SERVICE_AUDIENCES.gateway,
  });
const orgOf = (e: MixEvent) =>
  e.type === 'IncidentRecorded'
    ? e.event.forceCode
    : e.type === 'CarePlanIssued'
      ? e.event.incident.forceCode
      : e.type === 'MaracListed'
        ? e.event.referringAgency
        : e.event.recordedBy;
const PATHS = {
  IncidentRecorded: '/v1/incidents',
  CarePlanIssued: '/v1/care-plans',
  MaracListed: '/v1/marac-listings',
  ConsentRecorded: '/v1/consent',
} as const;

const runDatabase = `gateway_bench_${Date.now().toString(36)}`;
let pg: PgDatabase | undefined;
const ledgers: Array<[string, () => Promise<AcceptedEventLedger>]> = [
  [
    'SQLite file',
    async () => SqliteAcceptedEventLedger.open(join(mkdtempSync(join(tmpdir(), 'gw-bench-')), 'l.sqlite')),
  ],
  ['SQL on PGlite', async () => SqlAcceptedEventLedger.open(await PGliteDatabase.open())],
  ...(process.env.DATABASE_URL
    ? [
        [
          'SQL on PostgreSQL',
          async () => {
            // A database of the run's own (created and dropped here), never a table of a shared one.
            const admin = new PgDatabase(process.env.DATABASE_URL!);
            await admin.exec(`create database ${runDatabase}`);
            await admin.close();
            const url = new URL(process.env.DATABASE_URL!);
            url.pathname = `/${runDatabase}`;
            pg = new PgDatabase(url.toString());
            return SqlAcceptedEventLedger.open(pg);
          },
        ] as [string, () => Promise<AcceptedEventLedger>],
      ]
    : []),
];

const rows: string[] = [];
for (const [name, open] of ledgers) {
  const rssBefore = rssMiB();
  const ledger = new CachedAcceptedEventLedger(await open(), { maxEntries: 100_000 });
  const app = createGatewayApp({
    bus: new InMemoryEventBus(),
    codec: avroEventCodec(createCodec()),
    ledger,
    verifier: cacheVerifiedTokens(
      createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.gateway }),
      { maxEntries: 100 },
    ),
    logger: createLogger('gateway', { level: 'info' }),
    clock: systemClock,
    keySecret: 'bench-key-hash-secret-0123456789',
    bodyLimitBytes: 256 * 1024,
    publishTimeoutMs: 5000,
  });
  const { server, url } = await listen(app, 0, '127.0.0.1');
  const pool = new Pool(url, { connections: 64 });
  const post = async (path: string, token: string, body: string) => {
    const res = await pool.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${path} answered ${res.statusCode}: ${text}`);
  };
  const timed = async (work: () => Promise<void>) => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await work();
    const used = process.cpuUsage(cpu);
    return {
      perSecond: Math.round(COUNT / ((performance.now() - t0) / 1000)),
      cpuMs: ((used.user + used.system) / 1000 / COUNT).toFixed(3),
    };
  };
  const single = generateMix(COUNT, 11, 'benchgwsingle');
  const singles = await timed(async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < single.length) {
          const e = single[next++]!;
          await post(PATHS[e.type], tokens[orgOf(e)]!, JSON.stringify(e.event));
        }
      }),
    );
  });
  const mix = generateMix(COUNT, 12, 'benchgwbatch');
  const batches = ['GMP', 'KNT'].flatMap((org) => {
    const own = mix.filter((e) => orgOf(e) === org);
    return Array.from({ length: Math.ceil(own.length / 500) }, (_, i) => ({
      token: tokens[org]!,
      body: JSON.stringify({
        events: own.slice(i * 500, (i + 1) * 500).map((e) => ({ type: e.type, event: e.event })),
      }),
    }));
  });
  const batched = await timed(async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < batches.length) {
          const b = batches[next++]!;
          await post('/v1/events:batch', b.token, b.body);
        }
      }),
    );
  });
  await pool.close();
  await closeServer(server);
  await ledger.flush();
  rows.push(
    `| ${name} | ${singles.perSecond} | ${singles.cpuMs} | ${batched.perSecond} | ${batched.cpuMs} | ${rssBefore} → ${rssMiB()} |`,
  );
  process.stderr.write(`[bench:gateway] ${rows.at(-1)}\n`);
}
if (pg) {
  await pg.close();
  const admin = new PgDatabase(process.env.DATABASE_URL!);
  await admin.exec(`drop database ${runDatabase}`);
  await admin.close();
}
process.stdout.write(
  [
    `# the gateway alone, in process, in-memory bus, ${COUNT} events per phase`,
    '',
    '| ledger | single POSTs/s | CPU ms/event | batch events/s | CPU ms/event | RSS MiB before → after |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n'),
);
process.exit(0);
