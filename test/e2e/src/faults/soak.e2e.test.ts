import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testServers } from '@sharehub/test-support';
import { expectClean } from './expectClean.js';
import { useFaultHub } from './useFaultHub.js';
import { runSoak } from './soak.js';

// The short soak that runs in npm test (`npm run soak -- --minutes 30` is the long one): the whole hub under a
// steady load, sampled every 10 s, reconciled at the end, its memory and latency charts written.
const running = useFaultHub();

describe('a short soak', () => {
  it('samples memory, p99 and lag through the run, loses nothing, and draws the memory and latency charts', async () => {
    const { hub, out } = running;
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
