import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seededDashboardWeek, spawnAuditService, type AuditProcess } from '@sharehub/audit/testing';
import { createLogger } from '@sharehub/kit';
import { ensureDevKeys, SERVICE_AUDIENCES, signDevToken } from '@sharehub/kit/auth';
import { KafkaEventBus } from '@sharehub/kit/kafka';
import { waitFor } from '@sharehub/kit/testing';
import { createCodec } from '@sharehub/schemas';
import { freshTopics, testServers } from '@sharehub/test-support';
import { expectAccessible } from './expectAccessible.js';
import { launchChromium } from './launchChromium.js';

// The IG dashboard in a real headless Chromium: the audit service as a process on topics of its own, a seeded week
// of Trafford's audit records published to its topic, and an IG officer who signs in and opens that week.
const codec = createCodec();
const logger = createLogger('ig-dashboard-e2e', { level: 'silent' });
let browser: Browser;
let bus: KafkaEventBus;
let audit: AuditProcess;
let auditor: string;

beforeAll(async () => {
  browser = await launchChromium();
  const [topic, deadLetters] = await freshTopics(2, 1, 'ig-dashboard-e2e');
  const dir = mkdtempSync(join(tmpdir(), 'ig-dashboard-e2e-'));
  const { jwks } = await ensureDevKeys(join(dir, 'auth'));
  const run = randomUUID().slice(0, 8);
  audit = await spawnAuditService({
    KAFKA_BROKERS: testServers().kafkaBrokers.join(','),
    S3_ENDPOINT: testServers().s3Endpoint,
    AUDIT_TOPIC: topic!,
    AUDIT_DEADLETTER_TOPIC: deadLetters!,
    AUDIT_GROUP_ID: `ig-dashboard-${run}`,
    AUDIT_BUCKET: `ig-dashboard-${run}`,
    AUDIT_DATA_DIR: join(dir, 'db'),
    AUDIT_SIGNING_KEY: join(dir, 'keys', 'audit-signing-key.private.jwk.json'),
    AUDIT_JWKS: join(dir, 'keys', 'audit-jwks.json'),
    AUTH_JWKS: jwks,
    AUDIT_PORT: '0',
  });
  auditor = await signDevToken(join(dir, 'auth'), {
    role: 'auditor',
    org: 'trafford-ig',
    areas: ['trafford'],
    audience: SERVICE_AUDIENCES.audit,
  });
  bus = new KafkaEventBus({ brokers: testServers().kafkaBrokers, clientId: 'ig-dashboard-e2e', logger });
  const week = seededDashboardWeek(`${run}-`);
  await bus.publish(
    week.map((r) => ({ topic: topic!, key: r.auditId, value: codec.encode('AuditRecord', r) })),
  );
  await waitFor(
    async () => {
      const res = await fetch(`${audit.url}/v1/audit/records?limit=500`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      // Kent's record is outside the auditor's areas; every other seeded record is in the index.
      return (
        res.status === 200 && ((await res.json()) as { records: unknown[] }).records.length >= week.length - 1
      );
    },
    'the seeded week in the audit index',
    60_000,
    250,
  );
});
afterAll(async () => {
  await browser?.close();
  await bus?.close();
  await audit?.stop('SIGTERM');
});

describe('the IG dashboard in a browser', () => {
  it('lets an IG officer open the dashboard for a seeded week and see each figure as a chart beside its table', async () => {
    const context = await browser.newContext({
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    try {
      await page.goto(`${audit.url}/ig/dashboard`);
      await page.getByLabel('Your token').fill(auditor);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/ig/dashboard');
      // The default range (the last seven days) holds none of the seeded week: the page says so.
      await expect(page.getByText('Nothing in this range.').count()).resolves.toBe(5);
      await expectAccessible(page, 'ig-dashboard-empty');

      await page.getByLabel('From').fill('2026-03-02');
      await page.getByLabel('To', { exact: true }).fill('2026-03-08');
      await page.getByLabel('Area').selectOption('trafford');
      await page.getByRole('button', { name: 'Show the figures' }).click();
      await page.waitForURL((url) => url.searchParams.get('from') === '2026-03-02');

      for (const name of [
        'Bar chart of decisions per day, shared and not shared, by rule',
        'Bar chart of shares by service and team',
        'Bar chart of the percentage of shares acknowledged in time, per team and week',
        'Bar chart of overdue and escalated shares per team',
        'Bar chart of triage items waiting per area',
      ])
        await expect(page.getByRole('img', { name }).isVisible(), name).resolves.toBe(true);
      const rows = async (caption: string) =>
        (await page.getByRole('table', { name: caption }).locator('tbody tr').allInnerTexts()).map((r) =>
          r.split('\t').map((c) => c.trim()),
        );
      await expect(rows('Decisions per day, by rule')).resolves.toEqual([
        ['2026-03-02', 'Shared', 'T1', '1'],
        ['2026-03-02', 'Shared', 'T5', '1'],
        ['2026-03-03', 'Not shared', 'no rule fired', '1'],
        ['2026-03-03', 'Shared', 'T1', '1'],
      ]);
      await expect(rows('Shares by service and team')).resolves.toEqual([
        ['tr-hv-1', 'HEALTH_VISITING', '3'],
        ['tr-gp-1', 'GP', '1'],
      ]);
      const acknowledged = await rows('Acknowledged by the deadline, per team and week');
      expect(acknowledged.find((r) => r[1] === 'tr-hv-1')).toEqual([
        '2026-03-02',
        'tr-hv-1',
        '3',
        '1',
        '1',
        '1',
        '0',
        '33.3%',
        '27 h',
      ]);
      await expect(rows('Overdue and escalated now, per team')).resolves.toEqual([
        ['tr-gp-1', '1', '0'],
        ['tr-hv-1', '1', '1'],
      ]);
      expect((await rows('Triage queue')).map((r) => r.slice(0, 2))).toEqual([['trafford', '1']]);
      await expectAccessible(page, 'ig-dashboard');
    } finally {
      await context.close();
    }
  });
});
