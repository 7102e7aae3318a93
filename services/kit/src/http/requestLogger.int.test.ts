import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { createLogger } from '../logger.js';
import { createHttpApp } from './createHttpApp.js';
import { finishHttpApp } from './finishHttpApp.js';
import { closeServer, listen } from './listen.js';
import { requestLogger } from './requestLogger.js';

let server: Server | undefined;
afterEach(async () => {
  if (server) await closeServer(server);
  server = undefined;
});

/** An app whose `/work` route logs through the request-scoped logger and `/fail` throws; the lines it wrote. */
async function appAt(level: 'info' | 'debug') {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const logger = createLogger('test', { level, destination });
  const { app } = createHttpApp({ service: 'test', logger });
  app.get('/work', (_req, res) => {
    requestLogger(res).info({ step: 'working' }, 'did the work');
    res.json({ ok: true });
  });
  app.get('/fail', () => {
    throw new Error('boom');
  });
  finishHttpApp(app, logger);
  let url: string;
  ({ server, url } = await listen(app, 0, '127.0.0.1'));
  return { lines, url };
}

describe('the request-scoped logger', () => {
  it("binds the request's id (the X-Request-Id answered) to every line logged through it, the failure line included", async () => {
    const { lines, url } = await appAt('info');
    const work = await fetch(`${url}/work`, { headers: { 'x-request-id': 'req-abc.1' } });
    expect(work.headers.get('x-request-id')).toBe('req-abc.1');
    const fail = await fetch(`${url}/fail`);
    expect(fail.status).toBe(500);
    const failId = fail.headers.get('x-request-id');
    expect(failId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.find((l) => l.msg === 'did the work')).toMatchObject({
      reqId: 'req-abc.1',
      step: 'working',
    });
    expect(lines.find((l) => l.msg === 'request failed')).toMatchObject({ reqId: failId, route: '/fail' });
  });

  it('writes no line per request at info, and one (method, route, status, duration) at debug', async () => {
    const quiet = await appAt('info');
    await fetch(`${quiet.url}/healthz`);
    expect(quiet.lines.filter((l) => l.msg === 'request')).toEqual([]);
    await closeServer(server!);
    const chatty = await appAt('debug');
    const res = await fetch(`${chatty.url}/healthz`, { headers: { 'x-request-id': 'probe-1' } });
    expect(res.status).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chatty.lines.filter((l) => l.msg === 'request')).toEqual([
      expect.objectContaining({ reqId: 'probe-1', method: 'GET', route: '/healthz', status: 200 }),
    ]);
  });
});
