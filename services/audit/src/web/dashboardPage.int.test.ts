import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevKeys, SERVICE_AUDIENCES, signDevToken } from '@sharehub/kit/auth';
import { closeServer } from '@sharehub/kit/http';
import { InMemoryBlobStore } from '@sharehub/kit/testing';
import { InMemoryAuditIndex } from '../index/InMemoryAuditIndex.js';
import { listenIgTestApp, signInCookie } from '../testing/listenIgTestApp.js';
import { seededDashboardWeek } from '../testing/seededDashboardWeek.js';
import { auditBatch, makeSequencer } from '../testing/sequencerHarness.js';

// The dashboard page on the IG test app (its clock fixed at 1 May 2026, 09:00 UTC) over a seeded week in the log.
const keysDir = mkdtempSync(join(tmpdir(), 'audit-dashboard-keys-'));
let server: Server;
let url: string;
let cookie: string;

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keysDir);
  const index = new InMemoryAuditIndex();
  const { sequencer, readModel, publicKeys } = await makeSequencer({
    blobs: new InMemoryBlobStore(),
    index,
    checkpointEvery: 100,
  });
  await sequencer.handleBatch(auditBatch(seededDashboardWeek()));
  ({ server, url } = await listenIgTestApp({
    jwks,
    index,
    log: readModel,
    checkpointKeys: publicKeys,
    written: [],
  }));
  const token = await signDevToken(keysDir, {
    role: 'auditor',
    org: 'ig',
    areas: ['trafford', 'stoke'],
    audience: SERVICE_AUDIENCES.audit,
  });
  ({ cookie } = await signInCookie(url, token));
});
afterAll(async () => closeServer(server));

const get = async (path: string, status = 200) => {
  const res = await fetch(`${url}${path}`, { redirect: 'manual', headers: { cookie } });
  expect(res.status, path).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  return (await res.text()).replace(/\s+/g, ' ');
};
/** The body rows of the table with this caption, each as its cells' text. */
const tableRows = (body: string, caption: string): string[][] => {
  const start = body.search(new RegExp(`<caption class="nhsuk-table__caption"[^>]*>${caption}</caption>`));
  expect(start, caption).toBeGreaterThan(-1);
  const table = body.slice(start, body.indexOf('</table>', start));
  const tbody = table.slice(table.indexOf('<tbody'));
  return [...tbody.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => cell[1]!.trim()),
  );
};

describe('the IG dashboard page', () => {
  it('draws each figure of a seeded week as an SVG chart named for screen readers, beside a table of the same figures', async () => {
    const body = await get('/ig/dashboard?from=2026-03-02&to=2026-03-08&area=trafford');
    const charts = [...body.matchAll(/<svg role="img" aria-label="([^"]+)"/g)].map((m) => m[1]);
    expect(charts).toEqual([
      'Bar chart of decisions per day, shared and not shared, by rule',
      'Bar chart of shares by service and team',
      'Bar chart of the percentage of shares acknowledged in time, per team and week',
      'Bar chart of overdue and escalated shares per team',
      'Bar chart of triage items waiting per area',
    ]);
    expect(tableRows(body, 'Decisions per day, by rule')).toEqual([
      ['2026-03-02', 'Shared', 'T1', '1'],
      ['2026-03-02', 'Shared', 'T5', '1'],
      ['2026-03-03', 'Not shared', 'no rule fired', '1'],
      ['2026-03-03', 'Shared', 'T1', '1'],
    ]);
    expect(tableRows(body, 'Shares by service and team')).toEqual([
      ['tr-hv-1', 'HEALTH_VISITING', '3'],
      ['tr-gp-1', 'GP', '1'],
    ]);
    // At 1 May the GP's share (due 20 March) is overdue too.
    expect(tableRows(body, 'Acknowledged by the deadline, per team and week')).toEqual([
      ['2026-03-02', 'tr-gp-1', '1', '0', '0', '1', '0', '0%', '—'],
      ['2026-03-02', 'tr-hv-1', '3', '1', '1', '1', '0', '33.3%', '27 h'],
    ]);
    expect(tableRows(body, 'Overdue and escalated now, per team')).toEqual([
      ['tr-gp-1', '1', '0'],
      ['tr-hv-1', '1', '1'],
    ]);
    // Routed 7 March 12:00 UTC, still waiting on 1 May 09:00 UTC: 1,317 hours.
    expect(tableRows(body, 'Triage queue')).toEqual([['trafford', '1', '1317 h', '1317 h']]);
    expect(body).toContain(
      '<a class="nhsuk-header__navigation-link" href="/ig/dashboard" aria-current="page">Dashboard</a>',
    );
    expect(body).not.toContain('<script');
  });

  it('fills the filter with the range and area shown, and offers only the caller’s areas', async () => {
    const body = await get('/ig/dashboard?from=2026-03-02&to=2026-03-08&area=trafford');
    expect(body).toContain('<form method="get" action="/ig/dashboard"');
    expect(body).toMatch(/id="f-from" name="from" value="2026-03-02"/);
    expect(body).toMatch(/id="f-to" name="to" value="2026-03-08"/);
    expect([...body.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual([
      '',
      'trafford',
      'stoke',
    ]);
    expect(body).toContain('<option value="trafford" selected>');
  });

  it('counts nothing of another area or outside the range, and says so instead of drawing empty charts', async () => {
    for (const path of [
      '/ig/dashboard?from=2026-03-02&to=2026-03-08&area=stoke',
      '/ig/dashboard?from=2026-04-01&to=2026-04-07',
    ]) {
      const body = await get(path);
      expect(body, path).not.toContain('<svg');
      expect(body.match(/Nothing in this range\./g), path).toHaveLength(5);
    }
  });

  it('answers a bad filter with 400, an error summary linking each field, and no figures', async () => {
    const body = await get('/ig/dashboard?from=2026-02-30&to=2026-03-08&area=kent', 400);
    expect(body).toContain('<title>Error: Dashboard · sharehub Audit</title>');
    expect(body).toContain('<a href="#f-from">From: must be a date (year-month-day)</a>');
    expect(body).toContain('<a href="#f-area">Area: must be one of your areas</a>');
    expect(body).not.toContain('<svg');
    const backwards = await get('/ig/dashboard?from=2026-03-08&to=2026-03-02', 400);
    expect(backwards).toContain('<a href="#f-to">To: must be on or after the start date</a>');
    const long = await get('/ig/dashboard?from=2026-01-01&to=2026-06-01', 400);
    expect(long).toContain('<a href="#f-to">To: must be at most 92 days after the start date</a>');
  });

  it('serves the design system’s stylesheet and images itself, and pages allow styles only from there', async () => {
    const css = await fetch(`${url}/assets/nhsuk-frontend.min.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('.nhsuk-header');
    const icon = await fetch(`${url}/assets/images/nhsuk-icon-cross.svg`);
    expect(icon.status).toBe(200);
    expect((await fetch(`${url}/assets/images/nothing.svg`)).status).toBe(404);
    const res = await fetch(`${url}/ig/dashboard`, { headers: { cookie } });
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("font-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('script-src');
  });
});
