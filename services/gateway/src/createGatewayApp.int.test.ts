import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  closeServer,
  createLogger,
  createTokenVerifier,
  SERVICE_AUDIENCES,
  DEV_ISSUER,
  ensureDevKeys,
  listen,
  signDevToken,
} from '@sharehub/kit';
import { fixedClock, InMemoryEventBus } from '@sharehub/kit/testing';
import { createCodec } from '@sharehub/schemas';
import { loadInvalidExamples, validExample } from '@sharehub/contracts';
import { avroEventCodec } from './avroEventCodec.js';
import { createGatewayApp } from './createGatewayApp.js';
import { InMemoryAcceptedEventLedger } from './InMemoryAcceptedEventLedger.js';

const keys = mkdtempSync(join(tmpdir(), 'gw-keys-'));
const logLines: string[] = [];
const logger = createLogger('gateway', {
  level: 'debug', // the no-personal-data check reads debug lines too
  destination: new Writable({ write: (chunk: Buffer, _e, cb) => (logLines.push(chunk.toString()), cb()) }),
});
const codec = createCodec();
let bus: InMemoryEventBus;
let ledger: InMemoryAcceptedEventLedger;
let server: Server;
let url: string;
let gmp: string;
let deps: Parameters<typeof createGatewayApp>[0];

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keys);
  gmp = await signDevToken(keys, {
    role: 'publisher',
    org: 'GMP',
    areas: ['trafford'],
    audience: SERVICE_AUDIENCES.gateway,
  });
  const verifier = createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.gateway });
  bus = new InMemoryEventBus();
  ledger = new InMemoryAcceptedEventLedger();
  deps = {
    bus: {
      publish: (m) => bus.publish(m),
      consume: (o, h) => bus.consume(o, h),
      consumeTransactionally: (o, h) => bus.consumeTransactionally(o, h),
      replayConsumed: (g, a, h) => bus.replayConsumed(g, a, h),
      isHealthy: () => bus.isHealthy(),
      close: () => bus.close(),
    },
    codec: avroEventCodec(codec),
    ledger: { find: (id) => ledger.find(id), record: (e) => ledger.record(e) },
    verifier,
    logger,
    clock: fixedClock('2026-03-15T00:00:00Z'),
    keySecret: 'test-key-hash-secret-0123456789',
    bodyLimitBytes: 64 * 1024,
    publishTimeoutMs: 1000,
  };
  ({ server, url } = await listen(createGatewayApp(deps), 0, '127.0.0.1'));
});
afterAll(async () => closeServer(server));
beforeEach(() => {
  bus = new InMemoryEventBus();
  ledger = new InMemoryAcceptedEventLedger();
});

const post = async (path: string, body: unknown, token: string | null = gmp) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const incident = () =>
  structuredClone(validExample('incident-trafford').event) as unknown as Record<string, unknown>;

describe('the gateway', () => {
  it('accepts a valid incident with 202 after writing it to incident.recorded, keyed by household', async () => {
    const res = await post('/v1/incidents', incident());
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      eventId: incident().eventId,
      status: 'accepted',
      acceptedAt: '2026-03-15T00:00:00.000Z',
    });
    const [message] = bus.messages('incident.recorded');
    expect(message?.key).toBe('hh-7f3a9c');
    expect(codec.decode(message!.value!).value).toMatchObject({ incidentRef: 'GMP-2026-000123' });
  });

  it('answers a repeat of the same body as the first time, without publishing again', async () => {
    await post('/v1/incidents', incident());
    const again = await post('/v1/incidents', JSON.stringify(incident(), null, 4));
    expect(again.status).toBe(202);
    expect(bus.messages('incident.recorded')).toHaveLength(1);
  });

  it('refuses another body under a used eventId with 409', async () => {
    await post('/v1/incidents', incident());
    const res = await post('/v1/incidents', { ...incident(), deemedSerious: true });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe('EVENT_ID_REUSED');
  });

  it.each(loadInvalidExamples().map((e) => [e.name, e] as const))(
    'refuses %s with 400 and every field path',
    async (_n, example) => {
      const path = {
        IncidentRecorded: '/v1/incidents',
        CarePlanIssued: '/v1/care-plans',
        MaracListed: '/v1/marac-listings',
        ConsentRecorded: '/v1/consent',
      }[example.type as string]!;
      const res = await post(path, example.event);
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { code: string; errors: Array<{ path: string; code: string }> };
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.errors.map((e) => e.path).sort()).toEqual(example.expected.map((e) => e.path).sort());
    },
  );

  it('refuses a publisher for another force, or another area, with 403', async () => {
    const other = await signDevToken(keys, {
      role: 'publisher',
      org: 'KNT',
      areas: ['trafford'],
      audience: SERVICE_AUDIENCES.gateway,
    });
    expect(((await (await post('/v1/incidents', incident(), other)).json()) as { code: string }).code).toBe(
      'FORCE_NOT_ALLOWED',
    );
    const elsewhere = await signDevToken(keys, {
      role: 'publisher',
      org: 'GMP',
      areas: ['kent'],
      audience: SERVICE_AUDIENCES.gateway,
    });
    const res = await post('/v1/incidents', incident(), elsewhere);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('AREA_NOT_ALLOWED');
    const recipient = await signDevToken(keys, {
      role: 'recipient',
      org: 'GMP',
      areas: ['trafford'],
      audience: SERVICE_AUDIENCES.gateway,
    });
    expect((await post('/v1/incidents', incident(), recipient)).status).toBe(403);
    expect(bus.messages('incident.recorded')).toHaveLength(0);
  });

  it('refuses a missing token with 401', async () => {
    expect((await post('/v1/incidents', incident(), null)).status).toBe(401);
  });

  it('answers 503 with Retry-After and acknowledges nothing when the broker cannot take it', async () => {
    bus.healthy = false;
    const res = await post('/v1/incidents', incident());
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { code: string }).code).toBe('BROKER_UNAVAILABLE');
    expect(await ledger.find(String(incident().eventId))).toBeUndefined();
    bus.healthy = true;
    expect((await post('/v1/incidents', incident())).status).toBe(202);
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await post('/v1/incidents', { ...incident(), summary: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
  });

  it('publishes care plans, MARAC listings and consent with keys that hold no personal data', async () => {
    expect((await post('/v1/care-plans', validExample('careplan-trafford').event)).status).toBe(202);
    expect((await post('/v1/marac-listings', validExample('marac-trafford').event)).status).toBe(202);
    expect((await post('/v1/consent', validExample('consent-given').event)).status).toBe(202);
    expect(bus.messages('careplan.issued')[0]?.key).toBe('hh-55bb66');
    const maracKey = bus.messages('marac.listed')[0]?.key ?? '';
    expect(maracKey).toMatch(/^[0-9a-f]{64}$/);
    expect(maracKey).not.toContain('P-V-4001');
    expect(bus.messages('consent.recorded')[0]?.key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never logs names, dates of birth or free text', async () => {
    await post('/v1/incidents', incident());
    await post('/v1/incidents', { ...incident(), eventId: 'x', dashRisk: 'NOPE' });
    const all = logLines.join('');
    for (const secret of ['Alex', 'Example', 'Jamie', 'Riley', '1994-05-02', '2019-10-01', 'Verbal argument'])
      expect(all).not.toContain(secret);
  });
});

describe('failed authentication', () => {
  it('from one client gets 429 with Retry-After once over the limit (AUTH_FAILURE_LIMIT), even with a good token', async () => {
    const limited = await listen(
      createGatewayApp({ ...deps, authFailures: { limit: 3, windowMs: 60_000 } }),
      0,
      '127.0.0.1',
    );
    try {
      const publish = (token: string) =>
        fetch(`${limited.url}/v1/incidents`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(incident()),
        });
      for (let i = 0; i < 3; i++) expect((await publish('not.a.jwt')).status).toBe(401);
      const refused = await publish(gmp);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await closeServer(limited.server);
    }
  });
});
