import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAreaRegistry } from '@sharehub/decision-core';
import { createLogger } from '@sharehub/kit';
import {
  createTokenVerifier,
  DEV_ISSUER,
  ensureDevKeys,
  SERVICE_AUDIENCES,
  signDevToken,
} from '@sharehub/kit/auth';
import { closeServer, listen } from '@sharehub/kit/http';
import { fixedClock, InMemoryEventBus } from '@sharehub/kit/testing';
import { createCodec } from '@sharehub/schemas';
import { createInbox, type Inbox } from '../createInbox.js';
import { inboxTopics } from '../events/inboxTopics.js';
import { InMemoryInboxStore } from '../testing/InMemoryInboxStore.js';
import { seedTeamWeek } from '../testing/seedTeamWeek.js';

// The team dashboard on an inbox with its store seeded (the clock fixed at Sunday 15 March 2026, 09:00 UTC).
const keys = mkdtempSync(join(tmpdir(), 'inbox-dashboard-keys-'));
let inbox: Inbox;
let server: Server;
let url: string;

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keys);
  const store = new InMemoryInboxStore();
  await seedTeamWeek(store);
  inbox = createInbox({
    store,
    bus: new InMemoryEventBus(),
    codec: createCodec(),
    clock: fixedClock('2026-03-15T09:00:00Z'),
    logger: createLogger('inbox', { destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
    verifier: createTokenVerifier({ jwks, issuer: DEV_ISSUER, audience: SERVICE_AUDIENCES.inbox }),
    areaOf: createAreaRegistry(),
    topics: inboxTopics(),
    groupId: 'inbox-dashboard-test',
    triageTeams: { trafford: 'tr-safeguarding-families' },
    intervals: { escalationMs: 60_000, outboxMs: 60_000, streamPollMs: 60_000 },
    pageSize: { default: 50, max: 200 },
    auditUrl: 'http://127.0.0.1:8082',
  });
  await inbox.start();
  ({ server, url } = await listen(inbox.app, 0, '127.0.0.1'));
});
afterAll(async () => {
  server.closeAllConnections();
  await closeServer(server);
  await inbox.stop();
});

async function signedIn(org: string): Promise<string> {
  const token = await signDevToken(keys, {
    role: 'recipient',
    org,
    areas: ['trafford'],
    audience: SERVICE_AUDIENCES.inbox,
  });
  const res = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/inbox' }).toString(),
  });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
const page = async (cookie: string, path: string, status = 200) => {
  const res = await fetch(`${url}${path}`, { headers: { cookie } });
  expect(res.status, path).toBe(status);
  return (await res.text()).replace(/\s+/g, ' ');
};
const tableRows = (body: string, caption: string): string[][] => {
  const start = body.search(new RegExp(`<caption class="nhsuk-table__caption"[^>]*>${caption}</caption>`));
  expect(start, caption).toBeGreaterThan(-1);
  const table = body.slice(start, body.indexOf('</table>', start));
  return [...table.slice(table.indexOf('<tbody')).matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => cell[1]!.trim()),
  );
};

describe('the team dashboard in the inbox', () => {
  it("draws the team's seeded week as SVG charts beside tables: shares by day and rule, acknowledged in time, overdue now", async () => {
    const body = await page(
      await signedIn('tr-hv-central'),
      '/inbox/dashboard?from=2026-03-02&to=2026-03-08',
    );
    expect([...body.matchAll(/<svg role="img" aria-label="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'Bar chart of shares received per day, by rule',
      'Bar chart of the percentage of shares acknowledged in time, per week',
    ]);
    expect(tableRows(body, 'Shares received per day, by rule')).toEqual([
      ['2026-03-02', 'T1', '1'],
      ['2026-03-03', 'T1', '2'],
      ['2026-03-03', 'T5', '1'],
      ['2026-03-06', 'T1', '1'],
    ]);
    expect(tableRows(body, 'Acknowledged by the deadline, per week')).toEqual([
      ['2026-03-02', '4', '1', '1', '1', '1', '33.3%', '27 h'],
    ]);
    // Overdue now counts every open overdue notification (w-3, and w-5 from after the range); the inbox's escalation
    // run at start escalated w-5 too.
    expect(body).toMatch(
      /Overdue<\/dt> <dd class="nhsuk-summary-list__value"><a class="nhsuk-link" href="\/inbox\?overdue=true">2<\/a>/,
    );
    expect(body).toMatch(/Of which escalated<\/dt> <dd class="nhsuk-summary-list__value">2<\/dd>/);
    expect(body).not.toContain('Triage queue</h2>');
    expect(body).toContain('href="/inbox/dashboard" aria-current="page">Team dashboard</a>');
  });

  it("shows the triage team its queue's size and age", async () => {
    const body = await page(await signedIn('tr-safeguarding-families'), '/inbox/dashboard');
    expect(tableRows(body, 'Triage queue')).toEqual([['trafford', '1', '24 h', '24 h']]);
  });

  it('answers a bad range with 400 and an error summary linking the field', async () => {
    const body = await page(
      await signedIn('tr-hv-central'),
      '/inbox/dashboard?from=2026-03-08&to=2026-03-01',
      400,
    );
    expect(body).toContain('<a href="#f-to">To: must be on or after the start date</a>');
    expect(body).not.toContain('<svg');
  });
});
