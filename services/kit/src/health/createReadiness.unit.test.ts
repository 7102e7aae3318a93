import { describe, expect, it } from 'vitest';
import { fixedClock } from '../testing/fixedClock.js';
import { ConsumerMonitor } from './ConsumerMonitor.js';
import { createReadiness } from './createReadiness.js';
import { consumersMoving } from './readinessChecks.js';

const start = '2026-12-01T09:00:00Z';

describe('createReadiness', () => {
  it('is ready when every check answers true, and names each check that does not, with its reason', async () => {
    const readiness = createReadiness({
      checks: [
        { name: 'broker', probe: () => true },
        {
          name: 's3',
          probe: () =>
            Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
        },
        { name: 'database', probe: () => false },
        { name: 'consumers', probe: () => 'consumer audit crashed (KafkaJSConnectionError)' },
      ],
      clock: fixedClock(start),
    });
    expect(await readiness.report()).toEqual({
      ready: false,
      checks: [
        { name: 'broker', ok: true },
        { name: 's3', ok: false, reason: 'ECONNREFUSED' },
        { name: 'database', ok: false, reason: 'unavailable' },
        { name: 'consumers', ok: false, reason: 'consumer audit crashed (KafkaJSConnectionError)' },
      ],
    });
  });

  it('asks a dependency at most once per cacheMs however often it is asked, then again once that has passed', async () => {
    const clock = fixedClock(start);
    let probes = 0;
    let up = true;
    const readiness = createReadiness({
      checks: [{ name: 'broker', probe: () => (probes++, up) }],
      cacheMs: 5_000,
      clock,
    });
    await Promise.all([readiness.report(), readiness.report(), readiness.report()]);
    up = false;
    clock.advance(4_999);
    expect((await readiness.report()).ready).toBe(true);
    expect(probes).toBe(1);
    clock.advance(1);
    expect((await readiness.report()).ready).toBe(false);
    expect(probes).toBe(2);
    up = true;
    clock.advance(5_000);
    expect((await readiness.report()).ready).toBe(true);
  });

  it('counts a probe that does not answer within timeoutMs as failed', async () => {
    const readiness = createReadiness({
      checks: [{ name: 'database', probe: () => new Promise<boolean>(() => undefined) }],
      timeoutMs: 10,
      clock: fixedClock(start),
    });
    expect(await readiness.report()).toEqual({
      ready: false,
      checks: [{ name: 'database', ok: false, reason: 'no answer within 10 ms' }],
    });
  });

  it('turns false while a consumer is stalled and true again once it moves (consumersMoving is never cached)', async () => {
    const clock = fixedClock(start);
    const monitor = new ConsumerMonitor({ stallAfterMs: 30_000, clock });
    const readiness = createReadiness({ checks: [consumersMoving(monitor)], cacheMs: 60_000, clock });
    monitor.fetched('audit', 'audit.record', 0, '9', '4');
    expect((await readiness.report()).ready).toBe(true);
    clock.advance(30_000);
    expect(await readiness.report()).toEqual({
      ready: false,
      checks: [
        {
          name: 'consumers',
          ok: false,
          reason: 'consumer audit stalled on audit.record/0 (lag 5, 30 s without progress)',
        },
      ],
    });
    monitor.progressed('audit', 'audit.record', 0, '9', 5);
    expect((await readiness.report()).ready).toBe(true);
  });
});
