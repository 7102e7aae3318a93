import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsumerMonitor } from '../health/ConsumerMonitor.js';
import { createReadiness } from '../health/createReadiness.js';
import { consumersMoving } from '../health/readinessChecks.js';
import { createLogger } from '../logger.js';
import { fixedClock } from '../testing/fixedClock.js';
import { createHttpApp } from './createHttpApp.js';
import { closeServer, listen } from './listen.js';

const logger = createLogger('test', { destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const clock = fixedClock('2026-12-01T09:00:00Z');
const monitor = new ConsumerMonitor({ stallAfterMs: 30_000, clock });
let s3Up = true;
let server: Server;
let url: string;

beforeAll(async () => {
  const readiness = createReadiness({
    checks: [{ name: 's3', probe: () => s3Up, cacheMs: 0 }, consumersMoving(monitor)],
    clock,
  });
  const { app } = createHttpApp({ service: 'probe', logger, readiness, consumers: monitor });
  ({ server, url } = await listen(app, 0, '127.0.0.1'));
});
afterAll(() => closeServer(server));

describe('/readyz and /metrics from the readiness checks and the consumer monitor', () => {
  it('answers 200 naming every check while all pass', async () => {
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      service: 'probe',
      checks: [
        { name: 's3', ok: true },
        { name: 'consumers', ok: true },
      ],
    });
  });

  it('answers a 503 problem naming the checks that fail, and 200 again once they pass', async () => {
    s3Up = false;
    monitor.fetched('probe-group', 'audit.record', 0, '12', '2');
    clock.advance(30_000);
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      status: 503,
      code: 'NOT_READY',
      service: 'probe',
      failing: ['s3', 'consumers'],
      detail:
        'Not ready: s3 (unavailable), consumers (consumer probe-group stalled on audit.record/0 (lag 10, 30 s without progress))',
    });
    s3Up = true;
    monitor.progressed('probe-group', 'audit.record', 0, '12', 10);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('shows each partition’s lag, the records processed and the dead letters by topic and code', async () => {
    monitor.fetched('probe-group', 'audit.record', 1, '7', '3');
    monitor.deadLettered('audit.record', 'UNKNOWN_SCHEMA', 2);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain(
      'sharehub_probe_consumer_lag{group="probe-group",topic="audit.record",partition="0"} 0',
    );
    expect(text).toContain(
      'sharehub_probe_consumer_lag{group="probe-group",topic="audit.record",partition="1"} 4',
    );
    expect(text).toContain('sharehub_probe_records_processed_total{topic="audit.record"} 10');
    expect(text).toContain('sharehub_probe_dead_letters_total{topic="audit.record",code="UNKNOWN_SCHEMA"} 2');
    expect(text).toContain(
      'sharehub_probe_consumer_behind_seconds{group="probe-group",topic="audit.record",partition="1"} 0',
    );
  });
});
