import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@sharehub/kit';
import {
  createTokenVerifier,
  SERVICE_AUDIENCES,
  DEV_ISSUER,
  ensureDevKeys,
  signDevToken,
} from '@sharehub/kit/auth';
import { closeServer, listen } from '@sharehub/kit/http';
import { fixedClock, InMemoryEventBus, waitFor } from '@sharehub/kit/testing';
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
/** While set, every publish waits for it (a broker that does not answer in time). */
let brokerStall: Promise<void> | undefined;
let ledger: InMemoryAcceptedEventLedger;
/** While set, the ledger's database cannot be reached (every claim fails as a dropped connection does). */
let ledgerAway = false;
let server: Server;
let url: string;
let gmp: string;
let csc: string;
let deps: Parameters<typeof createGatewayApp>[0];

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keys);
  gmp = await signDevToken(keys, {
    role: 'publisher',
    org: 'GMP',
    areas: ['trafford'],
    audience: SERVICE_AUDIENCES.gateway,
  });
  csc = await signDevToken(keys, {
    role: 'publisher',
    org: 'tr-csc-first-response',
    areas: ['trafford'],
    audience: SERVICE_AUDIENCES.gateway,
  });
  const verifier = createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.gateway });
  bus = new InMemoryEventBus();
  ledger = new InMemoryAcceptedEventLedger();
  deps = {
    bus: {
      publish: async (m) => {
        const target = bus;
        if (brokerStall) await brokerStall;
        return target.publish(m);
      },
      consume: (o, h) => bus.consume(o, h),
      consumeTransactionally: (o, h) => bus.consumeTransactionally(o, h),
      replayConsumed: (g, a, h) => bus.replayConsumed(g, a, h),
      latestOffsets: (t) => bus.latestOffsets(t),
      stats: () => bus.stats(),
      isHealthy: () => bus.isHealthy(),
      close: () => bus.close(),
    },
    codec: avroEventCodec(codec),
    ledger: {
      find: (id) => ledger.find(id),
      claim: (e) =>
        ledgerAway ? Promise.reject(new Error('Connection terminated unexpectedly')) : ledger.claim(e),
      record: (e) => ledger.record(e),
    },
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

  it('answers 503 with Retry-After and records nothing as accepted when the broker cannot take it', async () => {
    bus.healthy = false;
    const res = await post('/v1/incidents', incident());
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { code: string }).code).toBe('OUTCOME_UNKNOWN');
    expect(await ledger.find(String(incident().eventId))).toBeUndefined();
    bus.healthy = true;
    expect((await post('/v1/incidents', incident())).status).toBe(202);
  });

  it('answers 503 LEDGER_UNAVAILABLE with Retry-After, and writes nothing, while its ledger cannot be reached', async () => {
    ledgerAway = true;
    const res = await post('/v1/incidents', incident()).finally(() => (ledgerAway = false));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { code: string }).code).toBe('LEDGER_UNAVAILABLE');
    expect(bus.messages('incident.recorded')).toHaveLength(0);
    expect((await post('/v1/incidents', incident())).status).toBe(202);
  });

  it('accepts exactly one of two different bodies sent at once under one eventId; the other is a 409', async () => {
    const results = await Promise.all([
      post('/v1/incidents', incident()),
      post('/v1/incidents', { ...incident(), deemedSerious: true }),
      post('/v1/incidents', { ...incident(), crimeRecorded: false }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409]);
    const [message] = bus.messages('incident.recorded');
    expect(bus.messages('incident.recorded')).toHaveLength(1);
    const winner = results.findIndex((r) => r.status === 202);
    expect(codec.decode(message!.value!).value).toMatchObject(
      [{}, { deemedSerious: true }, { crimeRecorded: false }][winner]!,
    );
  });

  it('answers the same body sent at once under one eventId with 202 each, all with the same acceptedAt', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => post('/v1/incidents', incident())));
    expect(results.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    const answers = (await Promise.all(results.map((r) => r.json()))) as Array<{ acceptedAt: string }>;
    expect(new Set(answers.map((a) => a.acceptedAt)).size).toBe(1);
    expect(bus.messages('incident.recorded').length).toBeGreaterThanOrEqual(1);
  });

  it('says the outcome is unknown when the broker does not answer in time; the same body again is safe, another is refused', async () => {
    let release!: () => void;
    brokerStall = new Promise((resolve) => (release = resolve));
    try {
      const res = await post('/v1/incidents', incident());
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const problem = (await res.json()) as { code: string; detail: string };
      expect(problem.code).toBe('OUTCOME_UNKNOWN');
      expect(problem.detail).toMatch(/may or may not have been written/);
      expect(problem.detail).toMatch(/same body is safe/);
      expect(problem.detail).not.toMatch(/nothing was accepted/i);
      // The stalled write lands after the answer.
      release();
      await waitFor(() => bus.messages('incident.recorded').length === 1, 'the late write lands');
    } finally {
      brokerStall = undefined;
    }
    expect((await post('/v1/incidents', { ...incident(), deemedSerious: true })).status).toBe(409);
    const retry = await post('/v1/incidents', incident());
    expect(retry.status).toBe(202);
    const again = await post('/v1/incidents', incident());
    expect(again.status).toBe(202);
    expect(bus.messages('incident.recorded').length).toBeLessThanOrEqual(2);
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await post('/v1/incidents', { ...incident(), summary: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
  });

  it('publishes care plans, MARAC listings and consent with keys that hold no personal data', async () => {
    expect((await post('/v1/care-plans', validExample('careplan-trafford').event)).status).toBe(202);
    expect((await post('/v1/marac-listings', validExample('marac-trafford').event)).status).toBe(202);
    expect((await post('/v1/consent', validExample('consent-given').event, csc)).status).toBe(202);
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

  it('refuses a consent whose recordedAt is after the hub received it (beyond 2 minutes of skew) with 400 naming it', async () => {
    // The test clock says the hub receives everything at 2026-03-15T00:00:00Z.
    const consent = (recordedAt: string) => ({
      ...validExample('consent-given').event,
      eventId: randomUUID(),
      recordedAt,
    });
    const res = await post('/v1/consent', consent('2026-03-15T00:02:01Z'), csc);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as { code: string; errors: Array<{ path: string; code: string }> };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'recordedAt', code: 'IN_FUTURE' })]);
    expect((await post('/v1/consent', consent('2099-01-01T00:00:00Z'), csc)).status).toBe(400);
    expect(bus.messages('consent.recorded')).toHaveLength(0);
    expect((await post('/v1/consent', consent('2026-03-15T00:02:00Z'), csc)).status).toBe(202);
  });

  it('binds recordedBy and referringAgency to the token’s organisation (403 otherwise)', async () => {
    const consent = validExample('consent-given').event; // recordedBy tr-csc-first-response
    const res = await post('/v1/consent', consent, gmp);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('ORG_NOT_ALLOWED');
    const listing = validExample('marac-trafford').event; // referringAgency GMP
    const listed = await post('/v1/marac-listings', listing, csc);
    expect(listed.status).toBe(403);
    expect(((await listed.json()) as { code: string }).code).toBe('ORG_NOT_ALLOWED');
    expect(bus.messages('consent.recorded')).toHaveLength(0);
    expect(bus.messages('marac.listed')).toHaveLength(0);
    expect((await post('/v1/consent', consent, csc)).status).toBe(202);
    expect((await post('/v1/marac-listings', listing, gmp)).status).toBe(202);
  });

  it('refuses a care plan that names the hub as its issuer (403 ISSUER_RESERVED), publishing nothing', async () => {
    const plan = { ...validExample('careplan-trafford').event, issuedBy: 'sharehub-triage' };
    const res = await post('/v1/care-plans', plan);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('ISSUER_RESERVED');
    expect(bus.messages('careplan.issued')).toHaveLength(0);
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

describe('strings the database cannot hold', () => {
  const PUBLISHED = ['incident.recorded', 'careplan.issued', 'marac.listed', 'consent.recorded'];
  /** A golden example with the string at `path` (e.g. `children[0].personId`) replaced by `value`. */
  const withString = (name: string, path: string, value: string): unknown => {
    const body = structuredClone(validExample(name).event) as unknown as Record<string, unknown>;
    const parts = path.split(/[.[\]]+/).filter(Boolean);
    const parent = parts.slice(0, -1).reduce((o, p) => o[p] as Record<string, unknown>, body);
    parent[parts.at(-1)!] = value;
    return body;
  };
  it.each([
    ['/v1/consent', 'consent-given', 'eventId', '\u0000', 'CONTROL_CHARACTER'],
    ['/v1/consent', 'consent-given', 'eventId', 'consent-1', 'INVALID_FORMAT'],
    ['/v1/consent', 'consent-given', 'scope.incidentRef', 'GMP-2026-\u0000123', 'CONTROL_CHARACTER'],
    ['/v1/marac-listings', 'marac-trafford', 'maracCaseRef', 'TR-MARAC-\u0000', 'CONTROL_CHARACTER'],
    ['/v1/marac-listings', 'marac-trafford', 'children[0].personId', 'P-C-\ud800', 'CONTROL_CHARACTER'],
    ['/v1/marac-listings', 'marac-trafford', 'location.postcode', 'WA15 8ZZ\u007f', 'CONTROL_CHARACTER'],
    ['/v1/incidents', 'incident-trafford', 'victim.givenName', 'Alex\u001b[2J', 'CONTROL_CHARACTER'],
    ['/v1/incidents', 'incident-trafford', 'incidentRef', 'GMP-2026\t000123', 'CONTROL_CHARACTER'],
    ['/v1/incidents', 'incident-trafford', 'summary', 'Verbal\u0000argument', 'CONTROL_CHARACTER'],
    ['/v1/care-plans', 'careplan-trafford', 'incident.incidentRef', 'R'.repeat(65), 'TOO_LONG'],
    ['/v1/care-plans', 'careplan-trafford', 'criteria[0]', 'T 1', 'INVALID_FORMAT'],
    ['/v1/care-plans', 'careplan-trafford', 'incident.eventId', 'GMP-1', 'INVALID_FORMAT'],
  ])(
    '%s refuses %s with %s = %j: 400 naming the field, nothing published',
    async (route, name, path, value, code) => {
      const res = await post(route, withString(name, path, value));
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = (await res.json()) as { code: string; errors: Array<{ path: string; code: string }> };
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.errors).toEqual([expect.objectContaining({ path, code })]);
      expect(PUBLISHED.flatMap((t) => bus.messages(t))).toEqual([]);
    },
  );

  it('takes tab and newlines in free text', async () => {
    const res = await post(
      '/v1/incidents',
      withString('incident-trafford', 'summary', 'One.\r\nTwo,\tindented.'),
    );
    expect(res.status).toBe(202);
  });
});
