import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServers } from '@sharehub/test-support';
import { collectOutputs, outputTopicsOf } from '../hubHarness.js';
import { expectClean } from './expectClean.js';
import { startFaultHub, type FaultHub } from './faultHub.js';
import { runSoak } from './soak.js';

// The short soak that runs in npm test (`npm run soak -- --minutes 30` is the long one): the whole hub under a
// steady load, sampled every 10 s, reconciled at the end, its memory and latency charts written.
let hub: FaultHub;
let out: Awaited<ReturnType<typeof collectOutputs>>;
beforeAll(async () => {
  const servers = testServers();
  hub = await startFaultHub({ kafkaBrokers: servers.kafkaBrokers, s3Endpoint: servers.s3Endpoint });
  out = await collectOutputs(outputTopicsOf(hub.topics));
}, 180_000);
afterAll(async () => {
  await out?.stop();
  await hub?.stop();
});

describe('a short soak', () => {
  it('samples memory, p99 and lag through the run, loses nothing, and draws the memory and latency charts', async () => {
    const artifactsDir = fileURLToPath(new URL('../../../../artifacts/soak-short/', import.meta.url));
    const report = await runSoak(hub, out, {
      minutes: Number(process.env.SOAK_MINUTES ?? 1),
      ratePerSec: Number(process.env.SOAK_RATE ?? 20),
      sampleSeconds: 10,
      brokers: testServers().kafkaBrokers,
      artifactsDir,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    expectClean({
      name: 'soak',
      inputs: 0,
      ratePerSec: report.ratePerSec,
      figures: [],
      crashes: [],
      reconciliation: report.reconciliation,
    });
    expect(report.samples.length).toBeGreaterThanOrEqual(5);
    for (const sample of report.samples) {
      for (const key of ['gateway', 'triage', 'router', 'audit', 'inbox'])
        expect(sample.rssMiB[key], key).toBeGreaterThan(0);
      expect(Object.values(sample.lag).every((lag) => lag >= 0)).toBe(true);
    }
    expect(report.samples.some((s) => s.p99Ms !== null)).toBe(true);
    for (const chart of report.charts) {
      expect(existsSync(chart)).toBe(true);
      expect(readFileSync(chart, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
    }
  }, 900_000);
});
