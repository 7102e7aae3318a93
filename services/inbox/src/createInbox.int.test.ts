import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAreaRegistry } from '@sharehub/decision-core';
import { createLogger } from '@sharehub/kit';
import {
  createTokenVerifier,
  SERVICE_AUDIENCES,
  DEV_ISSUER,
  ensureDevKeys,
  signDevToken,
  type Role,
} from '@sharehub/kit/auth';
import { closeServer, listen, PROBLEM_JSON } from '@sharehub/kit/http';
import { fixedClock, InMemoryEventBus, waitFor } from '@sharehub/kit/testing';
import { createCodec, type AuditRecord } from '@sharehub/schemas';
import { createInbox, type Inbox } from './createInbox.js';
import { inboxTopics } from './events/inboxTopics.js';
import { InMemoryInboxStore } from './testing/InMemoryInboxStore.js';
import { sampleNotification, sampleTriageItem } from './testing/sampleEvents.js';

const keys = mkdtempSync(join(tmpdir(), 'inbox-keys-'));
const codec = createCodec();
const topics = inboxTopics();
const silent = createLogger('inbox', { destination: new Writable({ write: (_c, _e, cb) => cb() }) });
let bus: InMemoryEventBus;
let store: InMemoryInboxStore;
let clock: ReturnType<typeof fixedClock>;
let inbox: Inbox;
let server: Server;
let url: string;

beforeEach(async () => {
  const { jwks } = await ensureDevKeys(keys);
  bus = new InMemoryEventBus();
  store = new InMemoryInboxStore();
  clock = fixedClock('2026-03-15T09:00:00Z');
  inbox = createInbox({
    store,
    bus,
    codec,
    clock,
    logger: silent,
    verifier: createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.inbox }),
    areaOf: createAreaRegistry(),
    topics,
    groupId: 'inbox-test',
    triageTeams: { trafford: 'tr-safeguarding-families' },
    intervals: { escalationMs: 20, outboxMs: 20, streamPollMs: 20 },
    pageSize: { default: 50, max: 200 },
    auditUrl: 'http://127.0.0.1:8082',
  });
  await inbox.start();
  ({ server, url } = await listen(inbox.app, 0, '127.0.0.1'));
});
afterEach(async () => {
  server.closeAllConnections();
  await closeServer(server);
  await inbox.stop();
});

const token = (org: string, role: Role = 'recipient') =>
  signDevToken(keys, { role, org, areas: ['trafford'], audience: SERVICE_AUDIENCES.inbox });
const api = async (path: string, bearer: string, init: RequestInit = {}) =>
  fetch(`${url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...init.headers },
  });
const decoded = <T>(topic: string) =>
  bus.messages(topic).map((m) => ({ ...(codec.decode(m.value!).value as object) }) as T);
const audits = () => decoded<AuditRecord>(topics.auditRecord);

async function deliver(...notifications: ReturnType<typeof sampleNotification>[]) {
  await bus.publish(
    notifications.map((n) => ({
      topic: topics.notification,
      key: n.recipient.teamId,
      value: codec.encode('ShareNotification', n),
    })),
  );
  await waitFor(
    async () =>
      (await Promise.all(notifications.map((n) => store.getNotification(n.notificationId)))).every(Boolean),
    'the notifications in the inbox',
  );
}

describe('a team reads its own inbox', () => {
  it('lists only its own notifications, most urgent first, each once however often delivered', async () => {
    const a = sampleNotification({ notificationId: 'n-a', dueBy: '2026-03-20T23:59:59.000Z' });
    const b = sampleNotification({ notificationId: 'n-b', dueBy: '2026-03-16T09:00:00.000Z' });
    const other = sampleNotification({
      notificationId: 'n-gp',
      recipient: { service: 'GP', teamId: 'tr-gp-p91001' },
    });
    await deliver(a, b, other, a);
    const res = await api('/v1/inbox/notifications', await token('tr-hv-central'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      teamId: string;
      notifications: Array<{ notificationId: string; status: string }>;
    };
    expect(body.teamId).toBe('tr-hv-central');
    expect(body.notifications.map((n) => n.notificationId)).toEqual(['n-b', 'n-a']);
    expect(body.notifications.every((n) => n.status === 'OPEN')).toBe(true);
  });

  it("fetches one with only the minimised payload; another team's is answered as an unknown id (no 404/403 oracle) and the refusal audited", async () => {
    await deliver(sampleNotification());
    const own = await api('/v1/inbox/notifications/n-1', await token('tr-hv-central'));
    expect(own.status).toBe(200);
    expect(((await own.json()) as { payload: unknown }).payload).toEqual(sampleNotification().payload);

    const gp = await token('tr-gp-p91001');
    const refused = await api('/v1/inbox/notifications/n-1', gp);
    const unknown = await api('/v1/inbox/notifications/n-2', gp);
    expect(refused.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(refused.headers.get('content-type')).toContain(PROBLEM_JSON);
    // The same body but for `instance`, which is the path the caller asked for.
    const sameBut = (body: unknown) => ({ ...(body as object), instance: undefined });
    const [refusedBody, unknownBody] = [await refused.json(), await unknown.json()];
    expect(sameBut(refusedBody)).toEqual(sameBut(unknownBody));
    expect((refusedBody as { code: string }).code).toBe('NOTIFICATION_NOT_FOUND');
    await waitFor(() => audits().some((r) => r.kind === 'ACCESS_REFUSED'), 'the ACCESS_REFUSED record');
    const record = audits().find((r) => r.kind === 'ACCESS_REFUSED')!;
    expect(record).toMatchObject({
      actor: 'recipient:tr-gp-p91001',
      reason: 'NOT_YOUR_TEAM',
      notificationId: 'n-1',
    });
    expect(JSON.parse(record.detail!)).toMatchObject({ service: 'inbox', org: 'tr-gp-p91001' });

    const missing = await api('/v1/inbox/notifications/n-none', await token('tr-hv-central'));
    expect(missing.status).toBe(404);
    const publisher = await api('/v1/inbox/notifications', await token('GMP', 'publisher'));
    expect(publisher.status).toBe(403);
    expect(((await publisher.json()) as { code: string }).code).toBe('ROLE_REQUIRED');
    expect((await fetch(`${url}/v1/inbox/notifications`)).status).toBe(401);
  });

  it('audits every read of its notifications (listed or opened) as ACCESS_GRANTED: who, why, which ids, about whom', async () => {
    await deliver(sampleNotification());
    const hv = await token('tr-hv-central');
    expect((await api('/v1/inbox/notifications', hv)).status).toBe(200);
    expect((await api('/v1/inbox/notifications/n-1', hv)).status).toBe(200);
    await waitFor(
      () => audits().filter((r) => r.kind === 'ACCESS_GRANTED').length >= 2,
      'two ACCESS_GRANTED records',
    );
    const grants = audits().filter((r) => r.kind === 'ACCESS_GRANTED');
    // The outbox relays in its own order; the two records, whichever first.
    expect(grants.map((g) => g.reason).sort()).toEqual(['INBOX_LIST', 'INBOX_READ']);
    for (const g of grants) {
      expect(g).toMatchObject({
        actor: 'recipient:tr-hv-central',
        area: sampleNotification().area,
        subjectPersonIds: [sampleNotification().subjectPersonId],
        notificationId: 'n-1',
      });
      expect(JSON.parse(g.detail!)).toMatchObject({ service: 'inbox', notificationIds: ['n-1'] });
    }
    // A list that returns nothing reads nothing, and writes nothing.
    await api('/v1/inbox/notifications', await token('tr-gp-p91001'));
    expect(audits().filter((r) => r.kind === 'ACCESS_GRANTED')).toHaveLength(2);
  });

  it('acknowledges once: the event and its audit record go out once, and a second acknowledge answers the first', async () => {
    await deliver(sampleNotification());
    const hv = await token('tr-hv-central');
    const first = await api('/v1/inbox/notifications/n-1/acknowledge', hv, { method: 'POST' });
    expect(first.status).toBe(200);
    const firstBody = (await first.json()) as { acknowledgement: unknown; acknowledgedNow: boolean };
    expect(firstBody.acknowledgedNow).toBe(true);
    clock.advance(60_000);
    const again = await api('/v1/inbox/notifications/n-1/acknowledge', hv, { method: 'POST' });
    const againBody = (await again.json()) as { acknowledgement: unknown; acknowledgedNow: boolean };
    expect(again.status).toBe(200);
    expect(againBody).toMatchObject({ acknowledgement: firstBody.acknowledgement, acknowledgedNow: false });
    expect(firstBody.acknowledgement).toEqual({
      notificationId: 'n-1',
      teamId: 'tr-hv-central',
      acknowledgedBy: 'recipient:tr-hv-central',
      acknowledgedAt: '2026-03-15T09:00:00.000Z',
    });

    await waitFor(
      () => bus.messages(topics.notificationAcknowledged).length > 0,
      'the acknowledgement event',
    );
    await waitFor(async () => (await store.pendingOutbox(10)).length === 0, 'the outbox to empty');
    // Avro carries instants to the millisecond; the codec prints them without a zero fraction.
    expect(decoded(topics.notificationAcknowledged)).toEqual([
      { ...(firstBody.acknowledgement as object), acknowledgedAt: '2026-03-15T09:00:00Z' },
    ]);
    expect(audits().filter((r) => r.kind === 'ACKNOWLEDGED')).toHaveLength(1);
    expect(audits().find((r) => r.kind === 'ACKNOWLEDGED')).toMatchObject({
      notificationId: 'n-1',
      recipient: { service: 'HEALTH_VISITING', teamId: 'tr-hv-central' },
      subjectPersonIds: ['P-C-1'],
      actor: 'recipient:tr-hv-central',
    });
    const open = (await (await api('/v1/inbox/notifications', hv)).json()) as { notifications: unknown[] };
    expect(open.notifications).toEqual([]);
    const acked = (await (await api('/v1/inbox/notifications?status=acknowledged', hv)).json()) as {
      notifications: Array<{ notificationId: string }>;
    };
    expect(acked.notifications.map((n) => n.notificationId)).toEqual(['n-1']);
    // Another team cannot acknowledge it either, and learns nothing of it.
    expect(
      (await api('/v1/inbox/notifications/n-1/acknowledge', await token('tr-hv-north'), { method: 'POST' }))
        .status,
    ).toBe(404);
  });

  it('shows an unacknowledged notification past its due time as overdue, and escalates it exactly once', async () => {
    await deliver(
      sampleNotification({ notificationId: 'n-late', dueBy: '2026-03-15T10:00:00.000Z' }),
      sampleNotification({ notificationId: 'n-later', dueBy: '2026-03-25T10:00:00.000Z' }),
    );
    const hv = await token('tr-hv-central');
    const overdue = async () =>
      (
        (await (await api('/v1/inbox/notifications?overdue=true', hv)).json()) as {
          notifications: Array<{ notificationId: string; overdue: boolean }>;
        }
      ).notifications;
    expect(await overdue()).toEqual([]);
    clock.set('2026-03-15T10:00:01Z');
    expect((await overdue()).map((n) => [n.notificationId, n.overdue])).toEqual([['n-late', true]]);
    await waitFor(() => bus.messages(topics.notificationEscalated).length > 0, 'the escalation');
    // Several more sweeps run; still one escalation and one ESCALATED record.
    const sweeps = Date.now();
    await waitFor(() => Date.now() - sweeps > 200, 'a few more sweeps', 1_000, 50);
    expect(decoded(topics.notificationEscalated)).toEqual([
      {
        notificationId: 'n-late',
        teamId: 'tr-hv-central',
        area: 'trafford',
        dueBy: '2026-03-15T10:00:00Z',
        escalatedAt: '2026-03-15T10:00:01Z',
      },
    ]);
    expect(
      audits()
        .filter((r) => r.kind === 'ESCALATED')
        .map((r) => r.notificationId),
    ).toEqual(['n-late']);
  });

  it('rejects a bad list query with every field path as problem+json', async () => {
    const res = await api(
      '/v1/inbox/notifications?status=closed&limit=0&dueBefore=tomorrow',
      await token('tr-hv-central'),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain(PROBLEM_JSON);
    const body = (await res.json()) as { code: string; errors: Array<{ path: string }> };
    expect(body.code).toBe('INVALID_QUERY');
    expect(body.errors.map((e) => e.path).sort()).toEqual(['dueBefore', 'limit', 'status']);
  });

  it('streams new notifications of the team as server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${url}/v1/inbox/stream`, {
      headers: { authorization: `Bearer ${await token('tr-hv-central')}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    await deliver(
      sampleNotification({ notificationId: 'n-live' }),
      sampleNotification({
        notificationId: 'n-not-mine',
        recipient: { service: 'GP', teamId: 'tr-gp-p91001' },
      }),
    );
    while (!text.includes('n-live')) {
      const { value } = (await reader.read()) as { value?: Uint8Array };
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toMatch(/event: notification\nid: \d+\ndata: \{.*"notificationId":"n-live"/);
    expect(text).not.toContain('n-not-mine');
  });

  it('refuses a non-recipient before the stream opens: one 403 problem and one ACCESS_REFUSED record, however long', async () => {
    const res = await fetch(`${url}/v1/inbox/stream`, {
      headers: {
        authorization: `Bearer ${await token('trafford-ig', 'auditor')}`,
        'last-event-id': '0',
      },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain(PROBLEM_JSON);
    expect(((await res.json()) as { code: string }).code).toBe('ROLE_REQUIRED');
    const refusals = () => audits().filter((a) => a.kind === 'ACCESS_REFUSED');
    await waitFor(async () => refusals().length > 0, 'the ACCESS_REFUSED record');
    // Ten poll intervals: a stream that had opened would have audited a refusal on each.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(refusals()).toHaveLength(1);
  });

  it('lets a token hold 5 live streams at once, then answers 429 with Retry-After until one closes', async () => {
    const mine = await token('tr-hv-central');
    const open = async (bearer: string) => {
      const controller = new AbortController();
      const res = await fetch(`${url}/v1/inbox/stream`, {
        headers: { authorization: `Bearer ${bearer}` },
        signal: controller.signal,
      });
      return { res, controller };
    };
    const streams = [];
    for (let i = 0; i < 5; i++) streams.push(await open(mine));
    expect(streams.map((s) => s.res.status)).toEqual([200, 200, 200, 200, 200]);
    const sixth = await open(mine);
    expect(sixth.res.status).toBe(429);
    expect(sixth.res.headers.get('content-type')).toContain(PROBLEM_JSON);
    expect(Number(sixth.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await sixth.res.json()) as { code: string }).code).toBe('TOO_MANY_STREAMS');
    const another = await open(await token('tr-hv-central-2'));
    expect(another.res.status).toBe(200);
    another.controller.abort();
    streams.pop()!.controller.abort();
    await waitFor(async () => {
      const again = await open(mine);
      again.controller.abort();
      return again.res.status === 200;
    }, 'a slot freed by the closed stream');
    for (const s of streams) s.controller.abort();
  });

  it('ends the stream when its token expires', async () => {
    const shortLived = await signDevToken(keys, {
      role: 'recipient',
      org: 'tr-hv-central',
      areas: ['trafford'],
      expiresIn: '2s',
    });
    const res = await fetch(`${url}/v1/inbox/stream`, { headers: { authorization: `Bearer ${shortLived}` } });
    expect(res.status).toBe(200);
    const text = await res.text(); // resolves only once the server ends the stream
    expect(text).toContain('the token has expired');
  });
});

describe('failed authentication', () => {
  it('from one client gets 429 with Retry-After once over the limit, on the API and the sign-in form', async () => {
    for (let i = 0; i < 30; i++) expect((await api('/v1/inbox/notifications', 'not.a.jwt')).status).toBe(401);
    const api429 = await api('/v1/inbox/notifications', await token('tr-hv-central'));
    expect(api429.status).toBe(429);
    expect(api429.headers.get('content-type')).toContain(PROBLEM_JSON);
    expect(Number(api429.headers.get('retry-after'))).toBeGreaterThan(0);
    const signIn = await fetch(`${url}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'not.a.jwt' }).toString(),
    });
    expect(signIn.status).toBe(429);
    expect(Number(signIn.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the inbox pages', () => {
  const signIn = async (bearer: string) => {
    const res = await fetch(`${url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: bearer, next: '/inbox' }).toString(),
    });
    expect(res.status).toBe(303);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };

  it("are never cached, framed or sent on as a referrer, and keep the child's name out of the title", async () => {
    await deliver(sampleNotification());
    const cookie = await signIn(await token('tr-hv-central'));
    for (const path of ['/inbox', '/inbox/items/n-1', '/sign-in']) {
      const res = await fetch(`${url}${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
    const page = await (await fetch(`${url}/inbox/items/n-1`, { headers: { cookie } })).text();
    const title = /<title>([^<]*)<\/title>/.exec(page)![1]!;
    expect(title).not.toContain('Jamie');
    expect(title).toContain('Notification');
    expect(page).toMatch(/<h1 class="nhsuk-heading-l">[^<]*Jamie[^<]*<\/h1>/);
  });

  it('refuse an acknowledgement posted from another site (403), and acknowledge one from the page itself', async () => {
    await deliver(sampleNotification());
    const cookie = await signIn(await token('tr-hv-central'));
    const acknowledge = (headers: Record<string, string>) =>
      fetch(`${url}/inbox/items/n-1/acknowledge`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, ...headers },
      });
    expect((await acknowledge({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await acknowledge({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await store.getNotification('n-1'))!.acknowledgedAt ?? null).toBeNull();
    expect((await acknowledge({ 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    expect((await store.getNotification('n-1'))!.acknowledgedAt).toBeTruthy();
  });
});

describe('the triage queue', () => {
  async function queueItem(over: Parameters<typeof sampleTriageItem>[0] = {}) {
    const item = sampleTriageItem(over);
    await bus.publish([
      { topic: topics.triageRequired, key: item.area, value: codec.encode('TriageRequired', item) },
    ]);
    await waitFor(async () => (await store.getTriageItem(item.triageId)) !== undefined, 'the triage item');
    return item;
  }

  it('is for the Safeguarding Families team only', async () => {
    await queueItem();
    const sf = await token('tr-safeguarding-families');
    const list = (await (await api('/v1/inbox/triage', sf)).json()) as {
      items: Array<{ item: { triageId: string } }>;
    };
    expect(list.items.map((i) => i.item.triageId)).toEqual(['t-1']);
    const refused = await api('/v1/inbox/triage', await token('tr-hv-central'));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('TRIAGE_TEAM_REQUIRED');
  });

  it('assigning an item routes it as a normal notification to that team, audited with who decided', async () => {
    await queueItem();
    const sf = await token('tr-safeguarding-families');
    const one = (await (await api('/v1/inbox/triage/t-1', sf)).json()) as {
      assignableTeams: Array<{ teamId: string }>;
    };
    expect(one.assignableTeams.map((t) => t.teamId)).toEqual([
      'tr-gp-p91001',
      'tr-gp-p91002',
      'tr-gp-p91003',
    ]);

    const wrong = await api('/v1/inbox/triage/t-1/assign', sf, {
      method: 'POST',
      body: JSON.stringify({ teamId: 'tr-hv-central' }),
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { errors: Array<{ path: string; code: string }> }).errors).toEqual([
      expect.objectContaining({ path: 'teamId', code: 'NOT_ASSIGNABLE' }),
    ]);

    const assign = () =>
      api('/v1/inbox/triage/t-1/assign', sf, {
        method: 'POST',
        body: JSON.stringify({ teamId: 'tr-gp-p91002' }),
      });
    const res = await assign();
    expect(res.status).toBe(200);
    const { assignment } = (await res.json()) as {
      assignment: { notificationId: string; assignedBy: string };
    };
    expect(assignment.assignedBy).toBe('recipient:tr-safeguarding-families');
    expect((await assign()).status).toBe(200);
    const other = await api('/v1/inbox/triage/t-1/assign', sf, {
      method: 'POST',
      body: JSON.stringify({ teamId: 'tr-gp-p91001' }),
    });
    expect(other.status).toBe(409);

    // The GP team now has it in its inbox, minimised to what a GP may see.
    const gp = await token('tr-gp-p91002');
    await waitFor(
      async () => (await api(`/v1/inbox/notifications/${assignment.notificationId}`, gp)).status === 200,
      'the assigned notification in the GP inbox',
    );
    const n = (await (await api(`/v1/inbox/notifications/${assignment.notificationId}`, gp)).json()) as {
      subjectPersonId: string;
      flags: string[];
      payload: Record<string, unknown>;
      dueBy: string;
    };
    expect(n).toMatchObject({
      subjectPersonId: 'P-C-2',
      flags: ['FROM_TRIAGE'],
      dueBy: '2026-03-20T23:59:59Z',
    });
    expect(n.payload.summary).toBeNull();
    expect(n.payload.subjectGivenName).toBe('Jamie');

    const kinds = audits()
      .filter((r) => r.triageId === 't-1')
      .map((r) => [r.kind, r.actor]);
    expect(kinds).toEqual([
      ['TRIAGE_ASSIGNED', 'recipient:tr-safeguarding-families'],
      ['SHARE_SENT', 'inbox'],
    ]);
    expect(bus.messages(topics.notification).filter((m) => m.key === 'tr-gp-p91002')).toHaveLength(1);
  });
});

describe('bad messages on the inbox topics', () => {
  it('dead-letters undecodable bytes with their original bytes, audits them, and carries on', async () => {
    await bus.publish([
      { topic: topics.notification, key: 'tr-hv-central', value: new Uint8Array([1, 2, 3]) },
    ]);
    await deliver(sampleNotification({ notificationId: 'n-after' }));
    await waitFor(() => bus.messages(topics.deadLetter).length === 1, 'the dead letter');
    const letter = codec.decode(bus.messages(topics.deadLetter)[0]!.value!).value as {
      originalBytes: Uint8Array;
    };
    expect([...letter.originalBytes]).toEqual([1, 2, 3]);
    await waitFor(() => audits().some((r) => r.kind === 'DEAD_LETTERED'), 'the DEAD_LETTERED record');
  });
});
