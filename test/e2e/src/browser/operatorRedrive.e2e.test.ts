import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAreaRegistry, decideIncident, MemoryHistory } from '@sharehub/decision-core';
import { createLogger } from '@sharehub/kit';
import { signDevToken } from '@sharehub/kit/auth';
import { KafkaEventBus } from '@sharehub/kit/kafka';
import { waitFor } from '@sharehub/kit/testing';
import { formatLondonTime } from '@sharehub/kit/web';
import { createCodec, type IncidentRecorded } from '@sharehub/schemas';
import { testServers, type ServiceProcess } from '@sharehub/test-support';
import { Kafka, logLevel } from 'kafkajs';
import { collectOutputs, startAudit, startHub } from '../hubHarness.js';
import { uniqueIncident } from '../pipelineScenarios.js';
import { expectAccessible } from './expectAccessible.js';
import { launchChromium } from './launchChromium.js';

// An operator re-drives a dead letter on the audit service's pages in a real headless Chromium (ADR 0062), against
// the hub (gateway, triage, router) and the audit service as processes on topics of their own: the incident, dead-
// lettered by triage (as redrive.e2e.test.ts writes one), goes back to its topic once and is decided once.
const codec = createCodec();
let hub: Awaited<ReturnType<typeof startHub>>;
let audit: ServiceProcess;
let auditUrl: string;
let out: Awaited<ReturnType<typeof collectOutputs>>;
let bus: KafkaEventBus;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  hub = await startHub();
  ({ service: audit, url: auditUrl } = await startAudit(hub.keys, hub.topics));
  out = await collectOutputs([
    hub.topics.incidentRecorded,
    hub.topics.shareDecided,
    hub.topics.notification,
    hub.topics.auditRecord,
  ]);
  bus = new KafkaEventBus({
    brokers: [...testServers().kafkaBrokers],
    clientId: 'operator-redrive-e2e',
    logger: createLogger('operator-redrive-e2e', { level: 'warn' }),
  });
});
afterAll(async () => {
  await browser?.close();
  await out?.stop();
  await bus?.close();
  await audit?.stop('SIGTERM');
  await hub?.stop();
});

type Record_ = {
  kind: string;
  actor: string;
  reason: string | null;
  detail: string | null;
  decisionId: string | null;
  notificationId: string | null;
};

/** Signs in on the sign-in form the operator's page redirects to, by pasting the token, and lands on the page. */
async function signIn(context: BrowserContext, token: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${auditUrl}/operator/dead-letters`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await expectAccessible(page, 'operator-sign-in');
  await page.getByLabel('Your token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/operator/dead-letters');
  return page;
}

describe("the operator's dead-letter page in a browser", () => {
  it('lists a dead-lettered incident without personal data, re-drives it with the form once however often it is re-driven or reloaded, and the hub decides and notifies it exactly once with one REDRIVEN record naming the operator and the reason', async () => {
    const tag = randomUUID().slice(0, 8);
    const base = uniqueIncident();
    // Names that appear nowhere else, so the page can be searched for them.
    const incident: IncidentRecorded = {
      ...base,
      victim: { ...base.victim, personId: `V-${tag}`, givenName: `Victoria${tag}`, familyName: `Vane${tag}` },
      perpetrator: base.perpetrator
        ? { ...base.perpetrator, givenName: `Percy${tag}`, familyName: `Parr${tag}` }
        : base.perpetrator,
      children: base.children.map((c, i) => ({
        ...c,
        personId: `C${i + 1}-${tag}`,
        givenName: `Child${i + 1}${tag}`,
        familyName: `Vane${tag}`,
      })),
    };
    const names = [
      incident.victim.givenName,
      incident.victim.familyName,
      ...(incident.perpetrator ? [incident.perpetrator.givenName, incident.perpetrator.familyName] : []),
      ...incident.children.map((c) => c.givenName),
    ].filter((n): n is string => typeof n === 'string');
    const decision = decideIncident(createAreaRegistry()(incident.area), incident, new MemoryHistory());
    expect(decision.shares.length).toBeGreaterThan(0);

    // Triage could not decide it (no ruleset for the area at that date, say), so it is on the dead-letter topic; the
    // ruleset has since been fixed. The dead letter is what triage writes: the original bytes, key and place.
    const deadLetterId = `dl-${randomUUID()}`;
    const failedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toISOString();
    const reason = 'no ruleset for the area at that date';
    await bus.publish([
      {
        topic: hub.topics.deadLetter,
        key: hub.topics.incidentRecorded,
        value: codec.encode('DeadLetter', {
          deadLetterId,
          topic: hub.topics.incidentRecorded,
          partition: 0,
          offset: 0,
          key: incident.location.householdKey,
          originalBytes: Buffer.from(codec.encode('IncidentRecorded', incident)),
          reasonCode: 'RULESET_MISSING',
          reason,
          failedAt,
          consumerGroup: `triage-${hub.run}`,
        }),
      },
    ]);

    const operator = await signDevToken(hub.keys, {
      role: 'admin',
      org: 'trafford-operator',
      areas: ['trafford'],
    });
    const context = await browser.newContext({
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await signIn(context, operator);
      const row = page.getByRole('row').filter({ hasText: incident.eventId });
      await waitFor(
        async () => {
          await page.reload();
          return (await row.count()) === 1;
        },
        'the dead letter on the page',
        60_000,
        250,
      );
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Dead letters');
      const cells = await row.getByRole('cell').allInnerTexts();
      expect(cells[0]).toBe(formatLondonTime(failedAt, 'second'));
      expect(cells[1]).toContain(hub.topics.incidentRecorded);
      expect(cells[2]).toContain('IncidentRecorded');
      expect(cells[2]).toContain(incident.eventId);
      expect(cells[3]).toBe('trafford');
      expect(cells[4]).toContain('RULESET_MISSING');
      expect(cells[4]).toContain(reason);
      const text = await page.locator('body').innerText();
      for (const name of names) expect(text).not.toContain(name);
      expect(text).not.toContain(incident.location.householdKey);
      expect(text).not.toContain(incident.location.postcode ?? '\u0000');
      await expectAccessible(page, 'operator-dead-letters');

      // A second tab with the same list, as a second operator (or a second click) would have it.
      const stale = await context.newPage();
      await stale.goto(`${auditUrl}/operator/dead-letters`);
      const staleRow = stale.getByRole('row').filter({ hasText: incident.eventId });
      expect(await staleRow.count()).toBe(1);

      await row.getByLabel('Why').fill('ruleset for Trafford fixed');
      await row.getByRole('button', { name: /^Re-drive/ }).click();
      await page.waitForURL((url) => url.searchParams.get('redriven') !== null);
      expect(await page.getByRole('status').innerText()).toContain(
        'Re-driven: 1; already re-driven before: 0.',
      );
      expect(await row.count()).toBe(0); // no longer waiting
      await expectAccessible(page, 'operator-dead-letters-redriven');

      // Reloading the confirmation sends nothing again, nor does the stale tab's form.
      await page.reload();
      await staleRow.getByLabel('Why').fill('second try');
      await staleRow.getByRole('button', { name: /^Re-drive/ }).click();
      await stale.waitForURL((url) => url.searchParams.get('redriven') !== null);
      expect(await stale.getByRole('status').innerText()).toContain(
        'Re-driven: 0; already re-driven before: 1.',
      );
      await expectAccessible(stale, 'operator-dead-letters-already-redriven');

      // The list with those re-driven says who re-drove it and offers no form.
      await page.getByLabel('Show').selectOption('all');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL((url) => url.searchParams.get('state') === 'all');
      expect(await row.count()).toBe(1);
      expect(await row.innerText()).toContain('by admin:trafford-operator');
      expect(await row.getByRole('button').count()).toBe(0);
      await expectAccessible(page, 'operator-dead-letters-all');
    } finally {
      await context.close();
    }

    // On the topics: the incident back on its topic once, decided once, each notification once, one REDRIVEN record.
    const records = () => out.of<Record_>(hub.topics.auditRecord);
    const redriven = () => records().filter((r) => r.kind === 'REDRIVEN');
    // The hub's topics are its own: every notification on them is this incident's.
    const notifications = () => out.of<{ notificationId: string }>(hub.topics.notification);
    await waitFor(() => redriven().length > 0, 'the REDRIVEN record', 60_000, 100);
    await waitFor(
      () =>
        decision.shares.every((s) =>
          records().some((r) => r.kind === 'SHARE_SENT' && r.notificationId === s.notificationId),
        ),
      'every share sent and audited',
      90_000,
      100,
    );
    await waitFor(() => notifications().length >= decision.shares.length, 'every notification', 60_000, 100);
    await waitFor(
      () => records().some((r) => r.kind === 'SHARED' && r.decisionId === decision.decisionId),
      'the decision audited',
      60_000,
      100,
    );
    // Both re-drives have answered, so whatever they sent is on the incident topic: its end offset counts it all.
    const admin = new Kafka({ brokers: testServers().kafkaBrokers, logLevel: logLevel.ERROR }).admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(hub.topics.incidentRecorded);
    await admin.disconnect();
    expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(1);
    expect(out.raw(hub.topics.incidentRecorded)).toHaveLength(1);
    const redrivenIncident = out.raw(hub.topics.incidentRecorded)[0]!;
    expect(redrivenIncident.message.headers['sharehub-redriven-from']).toBe(deadLetterId);
    expect((redrivenIncident.value as { eventId: string }).eventId).toBe(incident.eventId);
    expect(redriven()).toEqual([
      expect.objectContaining({ actor: 'admin:trafford-operator', reason: 'ruleset for Trafford fixed' }),
    ]);
    expect(JSON.parse(redriven()[0]!.detail!)).toEqual(
      expect.objectContaining({ deadLetterId, eventId: incident.eventId, eventType: 'IncidentRecorded' }),
    );
    expect(
      out
        .of<{ decisionId: string }>(hub.topics.shareDecided)
        .filter((d) => d.decisionId === decision.decisionId),
    ).toHaveLength(1);
    expect(records().filter((r) => r.kind === 'SHARED' && r.decisionId === decision.decisionId)).toHaveLength(
      1,
    );
    expect(
      notifications()
        .map((n) => n.notificationId)
        .sort(),
    ).toEqual(decision.shares.map((s) => s.notificationId).sort());
    for (const share of decision.shares)
      expect(
        records().filter((r) => r.kind === 'SHARE_SENT' && r.notificationId === share.notificationId),
      ).toHaveLength(1);
  });
});
