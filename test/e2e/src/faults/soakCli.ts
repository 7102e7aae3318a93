#!/usr/bin/env node
// `npm run soak -- --minutes 30 [--rate 100] [--days-per-second 1]`: the whole hub under a steady load for that long,
// memory, p99 and lag printed every minute, the reconciliation at the end, and the charts written to artifacts/soak/.
// Exit 1 if anything was lost, duplicated, unaudited or misplaced, a dead letter was not poison, the audit log did not
// sign every record, or a service's memory grew by more than half from the minute its history windows filled
// (ADR 0082) to the last.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { testServers } from '@sharehub/test-support';
import { collectOutputs, outputTopicsOf } from '../hubHarness.js';
import { startFaultHub } from './faultHub.js';
import { runSoak } from './soak.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '100' },
    // Simulated event time per second of load, so the services' 12-month windows slide (ADR 0082).
    'days-per-second': { type: 'string', default: '1' },
    // NODE_OPTIONS for every service, e.g. "--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=/tmp/heap" to take heap
    // snapshots of a service (kill -USR2 its pid) while the soak runs.
    'service-node-options': { type: 'string' },
  },
});
const daysPerSecond = Number(values['days-per-second']);
const minutes = Number(values.minutes);
const ratePerSec = Number(values.rate);
if (!(minutes > 0) || !(ratePerSec > 0) || !(daysPerSecond >= 0)) {
  process.stderr.write('usage: npm run soak -- --minutes N --rate R [--days-per-second D] (N, R positive)\n');
  process.exit(2);
}
const servers = testServers();
process.stderr.write(
  `[soak] starting the hub; ${minutes} min at ${ratePerSec} inputs/s, ${daysPerSecond} simulated days per second\n`,
);
const hub = await startFaultHub(
  { kafkaBrokers: servers.kafkaBrokers, s3Endpoint: servers.s3Endpoint },
  values['service-node-options'] ? { nodeOptions: values['service-node-options'] } : {},
);
// Lean collectors: a 30-minute soak makes millions of outputs, which the driver must not keep whole.
const out = await collectOutputs(outputTopicsOf(hub.topics), servers.kafkaBrokers, { lean: true });
try {
  const report = await runSoak(hub, out, {
    minutes,
    ratePerSec,
    daysPerSecond,
    brokers: servers.kafkaBrokers,
    artifactsDir: fileURLToPath(new URL('../../../../artifacts/soak/', import.meta.url)),
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  const c = report.reconciliation;
  const bad =
    [c.decisions, c.notifications, c.triage].reduce(
      (n, t) => n + t.lost.length + t.duplicated.length + t.unaudited.length,
      0,
    ) +
    c.inbox.missing.length +
    c.inbox.duplicated.length +
    c.inbox.misplaced.length +
    c.unexpectedDeadLetters.length;
  // Memory is compared from the minute the services' history windows have filled (ADR 0082: 12 months and 31 days'
  // lateness of simulated time; until then the state the design bounds is still growing), or the second minute
  // when event time stands still, to the last.
  const filledMinute = daysPerSecond > 0 ? Math.ceil((366 + 31) / daysPerSecond / 60) + 1 : 1;
  const baseline =
    report.samples.find((s) => s.minute >= Math.min(filledMinute, minutes - 1)) ?? report.samples[0];
  const last = report.samples.at(-1);
  const growth = Object.keys(last?.rssMiB ?? {}).map((k) => {
    const from = baseline?.rssMiB[k] ?? null;
    const to = last?.rssMiB[k] ?? null;
    return { service: k, from, to, grew: from && to ? to / from - 1 : 0 };
  });
  process.stderr.write(
    `[soak] done: ${c.accepted} accepted, ${c.decisions.expected} decisions, ${c.notifications.expected} notifications; ` +
      `lost/duplicated/unaudited/misplaced/unexpected dead letters ${bad}` +
      (c.unexpectedDeadLetters.length > 0 ? ` (${c.unexpectedDeadLetters.join('; ')})` : '') +
      `; audit log ${c.auditLog.checkpointSize}/${c.auditLog.distinctRecords} signed; ` +
      `memory from minute ${baseline?.minute} to the last ${growth.map((g) => `${g.service} ${g.from}→${g.to} MiB`).join(', ')}; charts ${report.charts.join(' ')}\n`,
  );
  process.exitCode =
    bad > 0 || c.auditLog.checkpointSize !== c.auditLog.distinctRecords || growth.some((g) => g.grew > 0.5)
      ? 1
      : 0;
} finally {
  await out.stop();
  await hub.stop();
}
