import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAreaRegistry, decideIncident, MemoryHistory } from '@sharehub/decision-core';
import { SERVICE_AUDIENCES, signDevToken } from '@sharehub/kit/auth';
import { waitFor } from '@sharehub/kit/testing';
import type { IncidentRecorded } from '@sharehub/schemas';
import type { ServiceProcess } from '@sharehub/test-support';
import { startAudit, startHub } from '../hubHarness.js';
import { uniqueIncident } from '../pipelineScenarios.js';
import { expectAccessible } from './expectAccessible.js';
import { launchChromium } from './launchChromium.js';

// The IG pages in a real headless Chromium, against the hub and the audit service as processes on the real broker
// and S3 server: sign in with a pasted token, search, open a record, see its proof verified, download the export.
let hub: Awaited<ReturnType<typeof startHub>>;
let audit: ServiceProcess;
let auditUrl: string;
let auditor: string;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  hub = await startHub();
  ({ service: audit, url: auditUrl } = await startAudit(hub.keys, hub.topics));
  auditor = await signDevToken(hub.keys, { role: 'auditor', org: 'trafford-ig', areas: ['trafford'] });
});
afterAll(async () => {
  await browser?.close();
  await audit?.stop('SIGTERM');
  await hub?.stop();
});

/** A JSON resource of the IG API, read with the auditor's bearer token (for the conditions the test waits on). */
const api = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${auditUrl}${path}`, { headers: { authorization: `Bearer ${auditor}` } });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
};
type Records = { records: Array<{ auditId: string; kind: string }> };

/** A fresh browser profile (UK locale and clock), so each test signs in by itself. */
async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  return { context, page: await context.newPage() };
}

/** Signs in on the sign-in form the IG pages redirect to, by pasting the token, and lands on `path`. */
async function signIn(page: Page, token: string, path = '/ig'): Promise<void> {
  await page.goto(`${auditUrl}${path}`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await expectAccessible(page, 'ig-sign-in');
  await page.getByLabel('Your token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === path);
}

describe('the IG pages in a browser', () => {
  it("let an auditor find a child's records, see a record's proof verified, and download the subject access CSV", async () => {
    const tag = randomUUID().slice(0, 8);
    const base = uniqueIncident();
    const child = `C1-${tag}`;
    const incident: IncidentRecorded = {
      ...base,
      victim: { ...base.victim, personId: `V-${tag}` },
      children: base.children.map((c, i) => ({ ...c, personId: i === 0 ? child : `C${i + 1}-${tag}` })),
    };
    const decision = decideIncident(createAreaRegistry()(incident.area), incident, new MemoryHistory());
    const shares = decision.shares.filter((s) => s.subjectPersonId === child);
    expect(shares.length).toBeGreaterThan(0);
    expect((await hub.post('/v1/incidents', incident)).status).toBe(202);
    // Every share about the child is in the log before the search, so the page and the export can be exact.
    await waitFor(
      async () =>
        (await api<Records>(`/v1/audit/records?subject=${child}&kind=SHARE_SENT`)).records.length ===
        shares.length,
      `the ${shares.length} SHARE_SENT records about ${child}`,
      90_000,
      250,
    );

    const { context, page } = await freshPage();
    try {
      await signIn(page, auditor);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Search the audit log');
      await page.getByLabel('Subject person id').fill(child);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL((url) => url.searchParams.get('subject') === child);
      const table = page.getByRole('table');
      const shareRows = table.getByRole('row').filter({ hasText: 'Share sent' });
      expect(await shareRows.count()).toBe(shares.length);
      for (const share of shares) expect(await table.innerText()).toContain(share.teamId);
      expect(await table.getByRole('columnheader').allInnerTexts()).toEqual([
        'Kind',
        'When',
        'Area',
        'Recipient team',
        'Subjects',
        'Rules fired',
        'Record',
      ]);
      await expectAccessible(page, 'ig-search.png');

      await shareRows
        .first()
        .getByRole('link', { name: /^Record \d+$/ })
        .click();
      await page.waitForURL((url) => url.pathname.startsWith('/ig/records/'));
      // The checkpoint comes within about a second; until then the page says Pending. Reload until it verifies.
      await waitFor(
        async () => {
          const state = await page.locator('#proof-state').textContent();
          if (state === 'Verified') return true;
          expect(state).toBe('Pending');
          await page.reload();
          return false;
        },
        'the record under a signed checkpoint',
        30_000,
        250,
      );
      const checkpoint = await api<{ kid: string; size: number }>('/v1/audit/checkpoints/latest');
      const proof = page.locator('section', { has: page.getByRole('heading', { name: 'Proof in the log' }) });
      expect(await proof.innerText()).toContain(`Verifies (Ed25519) with key ${checkpoint.kid}`);
      expect(await proof.innerText()).toContain('Verifies against the checkpoint root');
      expect(await proof.innerText()).toContain('Matches the hash of the record’s canonical bytes');
      expect(await page.getByRole('main').innerText()).toContain('Art. 6(1)(e)');
      const rules = page.getByRole('table', { name: /Rules that fired/ });
      expect(await rules.getByRole('row').count()).toBeGreaterThan(1);
      expect(await rules.innerText()).toMatch(/Trafford/);
      await expectAccessible(page, 'ig-record.png');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'CSV', exact: true }).first().click(),
      ]);
      expect(download.suggestedFilename()).toMatch(
        new RegExp(`^subject-access-${child}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
      );
      const lines = readFileSync(await download.path(), 'utf8')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toMatch(/^section,leafIndex,auditId,kind,occurredAt,/);
      expect(lines.filter((l) => l.startsWith('SHARE,'))).toHaveLength(shares.length);
    } finally {
      await context.close();
    }
  });

  it('refuse a signed-in recipient with a 403 page, and record the refusal in the log', async () => {
    const org = `tr-hv-${randomUUID().slice(0, 8)}`;
    const recipient = await signDevToken(hub.keys, {
      role: 'recipient',
      org,
      areas: ['trafford'],
      audience: SERVICE_AUDIENCES.audit,
    });
    const { context, page } = await freshPage();
    try {
      await page.goto(`${auditUrl}/ig`);
      await page.getByLabel('Your token').fill(recipient);
      const [response] = await Promise.all([
        page.waitForResponse((res) => new URL(res.url()).pathname === '/ig'),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      expect(response.status()).toBe(403);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('You cannot see the audit log');
      expect(await page.getByRole('table').count()).toBe(0);
      await expectAccessible(page, 'ig-refused.png');
    } finally {
      await context.close();
    }
    await waitFor(
      async () =>
        (
          await api<{ records: Array<{ actor: string; detail: string }> }>(
            '/v1/audit/records?kind=ACCESS_REFUSED&limit=500',
          )
        ).records.some((r) => r.actor === `recipient:${org}` && r.detail.includes('"route":"/ig"')),
      'the ACCESS_REFUSED record of the recipient',
      30_000,
      250,
    );
  });
});
