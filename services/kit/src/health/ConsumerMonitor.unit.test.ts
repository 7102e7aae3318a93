import { describe, expect, it } from 'vitest';
import { fixedClock } from '../testing/fixedClock.js';
import { ConsumerMonitor } from './ConsumerMonitor.js';

const start = '2026-12-01T09:00:00Z';

describe('ConsumerMonitor', () => {
  it('reports lag as the high watermark less the position, and none once the group has caught up', () => {
    const monitor = new ConsumerMonitor({ stallAfterMs: 30_000, clock: fixedClock(start) });
    monitor.fetched('triage', 'incident.recorded', 0, '10', '4');
    expect(monitor.progress()).toEqual([
      expect.objectContaining({ group: 'triage', topic: 'incident.recorded', partition: 0, lag: 6 }),
    ]);
    monitor.progressed('triage', 'incident.recorded', 0, '10', 6);
    expect(monitor.progress()[0]!.lag).toBe(0);
    expect(monitor.processed()).toEqual([{ topic: 'incident.recorded', count: 6 }]);
  });

  it('counts a partition that stays behind with no progress as stalled after stallAfterMs, and moving again once it moves', () => {
    const clock = fixedClock(start);
    const monitor = new ConsumerMonitor({ stallAfterMs: 30_000, clock });
    monitor.fetched('audit', 'audit.record', 0, '5', '2');
    clock.advance(29_999);
    monitor.fetched('audit', 'audit.record', 0, '5', '2'); // the same failing batch, fetched again
    expect(monitor.problems()).toEqual([]);
    clock.advance(1);
    expect(monitor.progress()[0]).toMatchObject({ lag: 3, stalled: true, behindSeconds: 30 });
    expect(monitor.problems()).toEqual([
      'consumer audit stalled on audit.record/0 (lag 3, 30 s without progress)',
    ]);
    monitor.progressed('audit', 'audit.record', 0, '3', 1);
    expect(monitor.problems()).toEqual([]);
    clock.advance(30_000);
    expect(monitor.progress()[0]).toMatchObject({ lag: 2, stalled: true });
  });

  it('starts the stall clock when a caught-up partition falls behind, not when it last moved', () => {
    const clock = fixedClock(start);
    const monitor = new ConsumerMonitor({ stallAfterMs: 30_000, clock });
    monitor.fetched('router', 'marac.listed', 1, '3', '0');
    monitor.progressed('router', 'marac.listed', 1, '3', 3);
    clock.advance(3_600_000); // an idle hour
    monitor.fetched('router', 'marac.listed', 1, '4', '3');
    expect(monitor.progress()[0]).toMatchObject({ lag: 1, stalled: false, behindSeconds: 0 });
    clock.advance(30_000);
    expect(monitor.progress()[0]).toMatchObject({ lag: 1, stalled: true });
  });

  it('counts a transaction marker passed over as progress, not as a record', () => {
    const monitor = new ConsumerMonitor({ stallAfterMs: 1_000, clock: fixedClock(start) });
    monitor.fetched('router', 'careplan.hub', 0, '8', '0');
    monitor.progressed('router', 'careplan.hub', 0, '7', 7);
    expect(monitor.progress()[0]!.lag).toBe(1); // the commit marker at offset 7
    monitor.progressed('router', 'careplan.hub', 0, '8', 0);
    expect(monitor.progress()[0]!.lag).toBe(0);
    expect(monitor.processed()).toEqual([{ topic: 'careplan.hub', count: 7 }]);
  });

  it('names a crashed consumer until it fetches again, and forgets partitions moved away or stopped', () => {
    const monitor = new ConsumerMonitor({ stallAfterMs: 1_000, clock: fixedClock(start) });
    monitor.fetched('inbox', 'notification', 0, '2', '0');
    monitor.fetched('inbox', 'notification', 1, '2', '0');
    monitor.crashed('inbox', 'KafkaJSConnectionError');
    expect(monitor.problems()).toEqual(['consumer inbox crashed (KafkaJSConnectionError)']);
    monitor.fetched('inbox', 'notification', 0, '2', '0');
    expect(monitor.problems()).toEqual([]);
    monitor.assigned('inbox', [{ topic: 'notification', partitions: [1] }]);
    expect(monitor.progress().map((p) => p.partition)).toEqual([1]);
    monitor.stopped('inbox');
    expect(monitor.progress()).toEqual([]);
  });

  it('counts dead letters by the topic read from and the reason code', () => {
    const monitor = new ConsumerMonitor({ stallAfterMs: 1_000 });
    monitor.deadLettered('incident.recorded', 'UNKNOWN_SCHEMA');
    monitor.deadLettered('incident.recorded', 'UNKNOWN_SCHEMA');
    monitor.deadLettered('marac.listed', 'PROCESSING_FAILED', 3);
    expect(monitor.deadLetters()).toEqual([
      { topic: 'incident.recorded', code: 'UNKNOWN_SCHEMA', count: 2 },
      { topic: 'marac.listed', code: 'PROCESSING_FAILED', count: 3 },
    ]);
  });
});
