import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createTokenVerifier,
  DEV_ISSUER,
  ensureDevKeys,
  SERVICE_AUDIENCES,
  signDevToken,
  type Role,
} from '@sharehub/kit/auth';
import { closeServer, listen } from '@sharehub/kit/http';
import { fixedClock, InMemoryBlobStore, InMemoryEventBus } from '@sharehub/kit/testing';
import { createCodec } from '@sharehub/schemas';
import { InMemoryDeadLetterStore } from '../deadletters/InMemoryDeadLetterStore.js';
import type { DeadLetterStore } from '../deadletters/DeadLetterStore.js';
import {
  REDRIVEN_FROM_HEADER,
  redriveDeadLetters,
  type RedriveRequest,
} from '../deadletters/redriveDeadLetters.js';
import { InMemoryAuditIndex } from '../index/InMemoryAuditIndex.js';
import { makeDeadLetter } from '../testing/deadLetterStoreContract.js';
import { makeSequencer, silentLogger } from '../testing/sequencerHarness.js';
import { createAuditApp } from './createAuditApp.js';

const keysDir = mkdtempSync(join(tmpdir(), 'audit-dl-keys-'));
const codec = createCodec();
const AUDIT_TOPIC = 'audit.record';
let server: Server;
let url: string;
let store: InMemoryDeadLetterStore;
let bus: InMemoryEventBus;
const token: Partial<Record<Role, string>> = {};
const cookie: Partial<Record<Role, string>> = {};

// The dead letters of every test: two of trafford (one per reason code), one of kent, one whose area is unknown.
const letters = () => [
  makeDeadLetter({ deadLetterId: 'dl-t1', eventId: 'ev-t1', failedAt: '2026-12-01T10:00:00.000Z' }),
  makeDeadLetter({
    deadLetterId: 'dl-t2',
    eventId: 'ev-t2',
    reasonCode: 'RULESET_MISSING',
    reason: 'no ruleset for the area',
    failedAt: '2026-12-01T11:00:00.000Z',
  }),
  makeDeadLetter({
    deadLetterId: 'dl-k1',
    eventId: 'ev-k1',
    area: 'kent',
    failedAt: '2026-12-01T12:00:00.000Z',
  }),
  makeDeadLetter({
    deadLetterId: 'dl-u1',
    eventType: null,
    eventId: null,
    area: null,
    topic: 'careplan.issued',
    reasonCode: 'UNKNOWN_FINGERPRINT',
    failedAt: '2026-12-01T13:00:00.000Z',
    originalBytes: new Uint8Array([9, 9, 9]),
  }),
];

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keysDir);
  const index = new InMemoryAuditIndex();
  const { readModel } = await makeSequencer({ blobs: new InMemoryBlobStore(), index });
  store = new InMemoryDeadLetterStore();
  bus = new InMemoryEventBus(1);
  const clock = fixedClock('2026-12-02T09:00:00Z');
  // The app reaches the store and the bus through these, so each test can start from fresh fakes.
  const current: DeadLetterStore = {
    add: (entries) => store.add(entries),
    list: (filter) => store.list(filter),
    get: (id) => store.get(id),
    claim: (ids, claim) => store.claim(ids, claim),
    release: (ids) => store.release(ids),
  };
  const deadLetters = {
    store: current,
    listMax: 100,
    redrive: (request: RedriveRequest) =>
      redriveDeadLetters({
        store,
        bus,
        codec,
        auditTopic: AUDIT_TOPIC,
        clock,
        logger: silentLogger,
        listMax: 100,
      })(request),
  };
  const app = createAuditApp({
    index,
    log: readModel,
    verifier: createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.audit }),
    logger: silentLogger,
    clock,
    pageSize: { default: 50, max: 100 },
    deadLetters,
  });
  ({ server, url } = await listen(app, 0, '127.0.0.1'));
  for (const role of ['admin', 'auditor'] as const) {
    token[role] = await signDevToken(keysDir, {
      role,
      org: 'trafford-ops',
      areas: ['trafford'],
      audience: SERVICE_AUDIENCES.audit,
    });
    const res = await fetch(`${url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: token[role], next: '/operator/dead-letters' }).toString(),
    });
    expect(res.status).toBe(303);
    cookie[role] = res.headers.get('set-cookie')!.split(';')[0]!;
  }
});
afterAll(async () => closeServer(server));
beforeEach(async () => {
  store = new InMemoryDeadLetterStore();
  bus = new InMemoryEventBus(1);
  await store.add(letters());
});

const api = (path: string, init: { role?: Role | null; body?: unknown } = {}) => {
  const role = init.role === undefined ? 'admin' : init.role;
  return fetch(`${url}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(role ? { authorization: `Bearer ${token[role]}` } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
};
const redrive = (body: unknown) => api('/v1/operator/dead-letters/redrive', { body });
const sentBack = (topic: string) => bus.messages(topic);
const redrivenRecords = () => bus.messages(AUDIT_TOPIC).map((m) => codec.decodeAs('AuditRecord', m.value!));

describe('the operator dead-letter API (admin role, within its areas)', () => {
  it("lists the dead letters of the operator's areas and those of unknown area, newest first, without contents", async () => {
    const res = await api('/v1/operator/dead-letters');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { deadLetters: Array<Record<string, unknown>> };
    expect(body.deadLetters.map((d) => d.deadLetterId)).toEqual(['dl-u1', 'dl-t2', 'dl-t1']);
    expect(body.deadLetters[1]).toMatchObject({
      topic: 'incident.recorded',
      failedAt: '2026-12-01T11:00:00.000Z',
      reasonCode: 'RULESET_MISSING',
      eventType: 'IncidentRecorded',
      eventId: 'ev-t2',
      area: 'trafford',
      redriven: null,
    });
    for (const d of body.deadLetters) {
      expect(d).not.toHaveProperty('originalBytes');
      expect(d).not.toHaveProperty('key');
    }
    const filtered = (await (await api('/v1/operator/dead-letters?reasonCode=INVALID_EVENT')).json()) as {
      deadLetters: Array<{ deadLetterId: string }>;
    };
    expect(filtered.deadLetters.map((d) => d.deadLetterId)).toEqual(['dl-t1']);
  });

  it('refuses callers without the admin role (403) and without a token (401), as problem+json', async () => {
    const refused = await api('/v1/operator/dead-letters', { role: 'auditor' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await refused.json()) as { code: string }).code).toBe('ROLE_REQUIRED');
    expect((await api('/v1/operator/dead-letters', { role: null })).status).toBe(401);
    const notAdmin = await api('/v1/operator/dead-letters/redrive', {
      role: 'auditor',
      body: { ids: ['dl-t1'], reason: 'x' },
    });
    expect(notAdmin.status).toBe(403);
    expect(sentBack('incident.recorded')).toHaveLength(0);
  });

  it('re-drives one dead letter once: its bytes and key back to its topic, and a REDRIVEN record of who and why', async () => {
    const first = await redrive({ ids: ['dl-t1'], reason: 'ruleset 2026.12 deployed' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ redriven: ['dl-t1'], alreadyRedriven: [] });
    const again = await redrive({ ids: ['dl-t1'], reason: 'clicked twice' });
    expect(await again.json()).toEqual({ redriven: [], alreadyRedriven: ['dl-t1'] });

    const sent = sentBack('incident.recorded');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.key).toBe('hh-1');
    expect([...sent[0]!.value!]).toEqual([...letters()[0]!.originalBytes]);
    expect(sent[0]!.headers[REDRIVEN_FROM_HEADER]).toBe('dl-t1');
    const records = redrivenRecords();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      kind: 'REDRIVEN',
      actor: 'admin:trafford-ops',
      reason: 'ruleset 2026.12 deployed',
      area: 'trafford',
      occurredAt: '2026-12-02T09:00:00Z',
    });
    expect(JSON.parse(records[0]!.detail!)).toMatchObject({
      deadLetterId: 'dl-t1',
      eventId: 'ev-t1',
      topic: 'incident.recorded',
    });
    const listed = (await (await api('/v1/operator/dead-letters?state=all')).json()) as {
      deadLetters: Array<{ deadLetterId: string; redriven: unknown }>;
    };
    expect(listed.deadLetters.find((d) => d.deadLetterId === 'dl-t1')!.redriven).toEqual({
      at: '2026-12-02T09:00:00.000Z',
      by: 'admin:trafford-ops',
    });
  });

  it('sends a dead letter re-driven twice at once only once', async () => {
    const answers = await Promise.all([
      redrive({ ids: ['dl-t1'], reason: 'one' }).then((r) => r.json() as Promise<{ redriven: string[] }>),
      redrive({ ids: ['dl-t1'], reason: 'two' }).then((r) => r.json() as Promise<{ redriven: string[] }>),
    ]);
    expect(answers.flatMap((a) => a.redriven)).toEqual(['dl-t1']);
    expect(sentBack('incident.recorded')).toHaveLength(1);
    expect(redrivenRecords()).toHaveLength(1);
  });

  it("re-drives all waiting dead letters of a reason code in the operator's areas, and no others", async () => {
    await store.add([makeDeadLetter({ deadLetterId: 'dl-t3', eventId: 'ev-t3' })]);
    const res = await redrive({ reasonCode: 'INVALID_EVENT', reason: 'validator fixed' });
    expect(((await res.json()) as { redriven: string[] }).redriven.sort()).toEqual(['dl-t1', 'dl-t3']);
    expect(sentBack('incident.recorded')).toHaveLength(2); // not kent's dl-k1, not dl-t2 of another code
    expect(
      redrivenRecords()
        .map((r) => (JSON.parse(r.detail!) as { deadLetterId: string }).deadLetterId)
        .sort(),
    ).toEqual(['dl-t1', 'dl-t3']);
  });

  it("answers another area's dead letter as not found, and sends nothing", async () => {
    const res = await redrive({ ids: ['dl-k1'], reason: 'x' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('DEAD_LETTER_NOT_FOUND');
    expect(sentBack('incident.recorded')).toHaveLength(0);
  });

  it('names every bad field of a re-drive request (400)', async () => {
    const res = await redrive({ ids: [], reasonCode: 'bad code!' });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: Array<{ path: string }> };
    expect(problem.code).toBe('REDRIVE_REQUEST_INVALID');
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['ids', 'reason', 'reasonCode']);
  });

  it('releases the claim when the broker does not take the re-drive (503), so a retry sends it once', async () => {
    bus.healthy = false;
    const failed = await redrive({ ids: ['dl-t1'], reason: 'first try' });
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as { code: string }).code).toBe('REDRIVE_UNAVAILABLE');
    bus.healthy = true;
    expect(await (await redrive({ ids: ['dl-t1'], reason: 'second try' })).json()).toEqual({
      redriven: ['dl-t1'],
      alreadyRedriven: [],
    });
    expect(sentBack('incident.recorded')).toHaveLength(1);
  });
});

describe('the operator dead-letter pages', () => {
  const get = (path: string, role: Role = 'admin') =>
    fetch(`${url}${path}`, { redirect: 'manual', headers: { cookie: cookie[role]! } });
  const post = (form: Record<string, string>, role: Role = 'admin') =>
    fetch(`${url}/operator/dead-letters/redrive`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookie[role]!, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });

  it('show a table of the dead letters with a labelled re-drive form on each waiting one, and no contents', async () => {
    const res = await get('/operator/dead-letters');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<th class="nhsuk-table__header" scope="col">Reason</th>');
    expect(page).toContain('ev-t1');
    expect(page).toContain('RULESET_MISSING');
    expect(page).not.toContain('ev-k1');
    expect(page).toMatch(
      /<label class="nhsuk-label" for="reason-0">Why<\/label>\s*<input class="nhsuk-input" id="reason-0" name="reason"/,
    );
    expect(page).toContain('name="id" value="dl-t1"');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('re-drive one from its form, back to the list saying so; the same form again sends nothing more', async () => {
    const res = await post({ id: 'dl-t1', reason: 'fixed' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/operator/dead-letters?redriven=1&already=0');
    const list = await (await get(res.headers.get('location')!)).text();
    expect(list).toContain('Re-driven: 1; already re-driven before: 0.');
    expect(list).not.toContain('name="id" value="dl-t1"');
    expect((await post({ id: 'dl-t1', reason: 'again' })).headers.get('location')).toBe(
      '/operator/dead-letters?redriven=0&already=1',
    );
    expect(sentBack('incident.recorded')).toHaveLength(1);
  });

  it('offer, once filtered by a reason code, to re-drive all of that kind', async () => {
    const page = await (await get('/operator/dead-letters?reasonCode=INVALID_EVENT')).text();
    expect(page).toContain('<input type="hidden" name="reasonCode" value="INVALID_EVENT" />');
    const res = await post({ reasonCode: 'INVALID_EVENT', topic: '', reason: 'validator fixed' });
    expect(res.headers.get('location')).toBe('/operator/dead-letters?redriven=1&already=0');
  });

  it('answer a form without a reason with a 400 page naming the field, and an auditor with a 403 page', async () => {
    const bad = await post({ id: 'dl-t1', reason: '' });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('<code>reason</code>');
    expect(text).toContain('REDRIVE_REQUEST_INVALID');
    const refused = await get('/operator/dead-letters', 'auditor');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('ROLE_REQUIRED');
    expect(sentBack('incident.recorded')).toHaveLength(0);
  });
});
