import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type IncomingMessage } from '@sharehub/kit';
import {
  createTokenVerifier,
  DEV_ISSUER,
  ensureDevKeys,
  SERVICE_AUDIENCES,
  signDevToken,
} from '@sharehub/kit/auth';
import { closeServer, listen } from '@sharehub/kit/http';
import { fixedClock, InMemoryEventBus, waitFor } from '@sharehub/kit/testing';
import { createCodec } from '@sharehub/schemas';
import { loadInvalidExamples, validExample } from '@sharehub/contracts';
import { avroEventCodec } from './avroEventCodec.js';
import { createGatewayApp } from './createGatewayApp.js';
import { InMemoryAcceptedEventLedger } from './InMemoryAcceptedEventLedger.js';

// POST /v1/events:batch (ADR 0044), on the in-memory bus and ledger.
const keys = mkdtempSync(join(tmpdir(), 'gw-batch-keys-'));
const codec = createCodec();
let bus: InMemoryEventBus;
let publishes: number;
/** While set, every publish waits for it (a broker that does not answer in time). */
let brokerStall: Promise<void> | undefined;
let ledger: InMemoryAcceptedEventLedger;
let server: Server;
let url: string;
let gmp: string;
let csc: string;

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keys);
  const token = (org: string, role: 'publisher' | 'recipient' = 'publisher') =>
    signDevToken(keys, { role, org, areas: ['trafford'], audience: SERVICE_AUDIENCES.gateway });
  [gmp, csc] = await Promise.all([token('GMP'), token('tr-csc-first-response')]);
  ({ server, url } = await listen(
    createGatewayApp({
      bus: {
        publish: async (m) => {
          publishes++;
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
        claim: (e) => ledger.claim(e),
        record: (e) => ledger.record(e),
      },
      verifier: createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.gateway }),
      logger: createLogger('gateway', { level: 'silent' }),
      clock: fixedClock('2026-03-15T00:00:00Z'),
      keySecret: 'test-key-hash-secret-0123456789',
      bodyLimitBytes: 64 * 1024,
      batchBodyLimitBytes: 2 * 1024 * 1024,
      publishTimeoutMs: 1000,
    }),
    0,
    '127.0.0.1',
  ));
});
afterAll(async () => closeServer(server));
beforeEach(() => {
  bus = new InMemoryEventBus();
  ledger = new InMemoryAcceptedEventLedger();
  publishes = 0;
});

const send = async (path: string, body: unknown, token: string | null = gmp) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
interface Result {
  status: number;
  body: {
    code?: string;
    eventId?: string;
    acceptedAt?: string;
    errors?: Array<{ path: string; code: string }>;
  };
}
const batch = async (events: unknown[], token: string | null = gmp) => {
  const res = await send('/v1/events:batch', { events }, token);
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: Result[] }).results;
};
const incident = (changes: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...(structuredClone(validExample('incident-trafford').event) as unknown as Record<string, unknown>),
  eventId: randomUUID(),
  ...changes,
});
const item = (type: string, event: unknown) => ({ type, event });
const written = (topic: string): IncomingMessage[] => bus.messages(topic);

describe('POST /v1/events:batch', () => {
  it('accepts each event with 202 and writes every accepted one in a single publish', async () => {
    const events = [
      item('IncidentRecorded', incident()),
      item('CarePlanIssued', validExample('careplan-trafford').event),
      item('MaracListed', validExample('marac-trafford').event),
    ];
    const results = await batch(events);
    expect(results.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(results.map((r) => r.body.eventId)).toEqual(
      events.map((e) => (e.event as { eventId: string }).eventId),
    );
    expect(results.every((r) => r.body.acceptedAt === '2026-03-15T00:00:00.000Z')).toBe(true);
    expect(publishes).toBe(1);
    expect(written('incident.recorded')).toHaveLength(1);
    expect(written('careplan.issued')).toHaveLength(1);
    expect(written('marac.listed')).toHaveLength(1);
    expect(written('marac.listed')[0]!.key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers only after the broker acknowledged the write', async () => {
    let release!: () => void;
    brokerStall = new Promise((resolve) => (release = resolve));
    let answered = false;
    const pending = batch([item('IncidentRecorded', incident())]).then((r) => ((answered = true), r));
    try {
      await waitFor(() => publishes === 1, 'the write reaches the broker');
      expect(answered).toBe(false);
      release();
      expect((await pending).map((r) => r.status)).toEqual([202]);
      expect(written('incident.recorded')).toHaveLength(1);
    } finally {
      brokerStall = undefined;
    }
  });

  it('gives each item its own outcome, in order: 202, 200, 409, 400, 403, with the single routes’ problem bodies', async () => {
    const replayed = incident();
    expect((await send('/v1/incidents', replayed)).status).toBe(202);
    const reused = { ...replayed, deemedSerious: !replayed.deemedSerious };
    const fresh = incident();
    const invalid = loadInvalidExamples().find((e) => e.name === 'incident-many-problems')!;
    const otherForce = incident({ forceCode: 'KNT' });
    const results = await batch([
      item('IncidentRecorded', fresh),
      item('IncidentRecorded', replayed),
      item('IncidentRecorded', reused),
      item('IncidentRecorded', invalid.event),
      item('IncidentRecorded', otherForce),
    ]);
    expect(results.map((r) => r.status)).toEqual([202, 200, 409, 400, 403]);
    expect(results[1]!.body).toEqual({
      eventId: replayed.eventId,
      status: 'accepted',
      acceptedAt: '2026-03-15T00:00:00.000Z',
    });
    // Each problem is what the single route answers for that body (it is not written there either).
    for (const [i, body] of [
      [2, reused],
      [3, invalid.event],
      [4, otherForce],
    ] as const) {
      const single = await send('/v1/incidents', body);
      expect(single.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(results[i]!.body).toEqual(await single.json());
    }
    expect(results[2]!.body.code).toBe('EVENT_ID_REUSED');
    expect(results[3]!.body.errors!.map((e) => e.path).sort()).toEqual(
      invalid.expected.map((e) => e.path).sort(),
    );
    expect(results[4]!.body.code).toBe('FORCE_NOT_ALLOWED');
    expect(written('incident.recorded').map((m) => codec.decode(m.value!).value)).toMatchObject([
      { eventId: replayed.eventId },
      { eventId: fresh.eventId },
    ]);
  });

  it('binds each item to the token: a consent recorded by another organisation is a 403 beside an accepted one', async () => {
    const own = validExample('consent-given').event; // recordedBy tr-csc-first-response
    const listing = validExample('marac-trafford').event; // referringAgency GMP: not this token's
    const results = await batch([item('ConsentRecorded', own), item('MaracListed', listing)], csc);
    expect(results.map((r) => [r.status, r.body.code])).toEqual([
      [202, undefined],
      [403, 'ORG_NOT_ALLOWED'],
    ]);
    expect(written('marac.listed')).toHaveLength(0);
  });

  it('answers a repeat within one batch as the first (200, written once), and another body under its id with 409', async () => {
    const first = incident();
    const results = await batch([
      item('IncidentRecorded', first),
      item('IncidentRecorded', structuredClone(first)),
      item('IncidentRecorded', { ...first, crimeRecorded: !first.crimeRecorded }),
    ]);
    expect(results.map((r) => r.status)).toEqual([202, 200, 409]);
    expect(written('incident.recorded')).toHaveLength(1);
  });

  it('refuses an item that is not {type, event} of a published type with 400 on its own, and writes the others', async () => {
    const results = await batch([
      item('ShareDecision', incident()),
      { event: incident() },
      'not an item',
      { ...item('IncidentRecorded', incident()), extra: 1 },
      item('IncidentRecorded', incident()),
    ]);
    expect(results.map((r) => [r.status, r.body.code])).toEqual([
      [400, 'VALIDATION_FAILED'],
      [400, 'VALIDATION_FAILED'],
      [400, 'VALIDATION_FAILED'],
      [400, 'VALIDATION_FAILED'],
      [202, undefined],
    ]);
    expect(results.slice(0, 4).map((r) => r.body.errors!.map((e) => [e.path, e.code]))).toEqual([
      [['type', 'INVALID_ENUM']],
      [['type', 'REQUIRED']],
      [['', 'INVALID_TYPE']],
      [['extra', 'UNKNOWN_FIELD']],
    ]);
    expect(written('incident.recorded')).toHaveLength(1);
  });

  it('takes 500 events in one request, each 202, in one publish', async () => {
    const results = await batch(Array.from({ length: 500 }, () => item('IncidentRecorded', incident())));
    expect(results).toHaveLength(500);
    expect(results.every((r) => r.status === 202)).toBe(true);
    expect(written('incident.recorded')).toHaveLength(500);
    expect(publishes).toBe(1);
  });

  it('refuses 501 events with 413 BATCH_TOO_LARGE naming events, writing nothing', async () => {
    const res = await send('/v1/events:batch', {
      events: Array.from({ length: 501 }, () => item('IncidentRecorded', incident())),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as Result['body'];
    expect(problem.code).toBe('BATCH_TOO_LARGE');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'events', code: 'TOO_MANY' })]);
    expect(publishes).toBe(0);
  });

  it.each([
    ['an array', [], '', 'INVALID_TYPE'],
    ['no events', {}, 'events', 'REQUIRED'],
    ['events not an array', { events: { type: 'IncidentRecorded' } }, 'events', 'INVALID_TYPE'],
    ['no event in events', { events: [] }, 'events', 'REQUIRED'],
    [
      'an unknown field',
      { events: [item('IncidentRecorded', incident())], atomic: true },
      'atomic',
      'UNKNOWN_FIELD',
    ],
  ])(
    'refuses a malformed envelope (%s) with 400 BATCH_INVALID naming the field',
    async (_n, body, path, code) => {
      const res = await send('/v1/events:batch', body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = (await res.json()) as Result['body'];
      expect(problem.code).toBe('BATCH_INVALID');
      expect(problem.errors).toEqual([expect.objectContaining({ path, code })]);
      expect(publishes).toBe(0);
    },
  );

  it('refuses a body that is not JSON with 400 INVALID_JSON, and one over the batch limit with 413', async () => {
    const broken = await send('/v1/events:batch', '{"events": [');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as Result['body']).code).toBe('INVALID_JSON');
    const huge = await send('/v1/events:batch', {
      events: [item('IncidentRecorded', incident({ summary: 'x'.repeat(2 * 1024 * 1024) }))],
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as Result['body']).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('takes a batch larger than the single routes’ body limit', async () => {
    const events = Array.from({ length: 100 }, () => item('IncidentRecorded', incident()));
    expect(JSON.stringify({ events }).length).toBeGreaterThan(64 * 1024);
    expect((await batch(events)).every((r) => r.status === 202)).toBe(true);
  });

  it('refuses a caller with no token (401) or without the publisher role (403) as a whole', async () => {
    expect(
      (await send('/v1/events:batch', { events: [item('IncidentRecorded', incident())] }, null)).status,
    ).toBe(401);
    const recipient = await signDevToken(keys, {
      role: 'recipient',
      org: 'GMP',
      areas: ['trafford'],
      audience: SERVICE_AUDIENCES.gateway,
    });
    const res = await send('/v1/events:batch', { events: [item('IncidentRecorded', incident())] }, recipient);
    expect(res.status).toBe(403);
    expect(((await res.json()) as Result['body']).code).toBe('ROLE_REQUIRED');
    expect(publishes).toBe(0);
  });

  it('answers 503 OUTCOME_UNKNOWN when the broker does not confirm in time; the same batch again is then accepted', async () => {
    const events = [item('IncidentRecorded', incident()), item('IncidentRecorded', incident())];
    let release!: () => void;
    brokerStall = new Promise((resolve) => (release = resolve));
    try {
      const res = await send('/v1/events:batch', { events });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as Result['body']).code).toBe('OUTCOME_UNKNOWN');
    } finally {
      release();
      brokerStall = undefined;
    }
    expect((await batch(events)).map((r) => r.status)).toEqual([202, 202]);
    expect((await batch(events)).map((r) => r.status)).toEqual([200, 200]);
  });
});
