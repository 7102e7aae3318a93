import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAreaRegistry, decideIncident, MemoryHistory, type Decision } from '@sharehub/decision-core';
import { waitFor } from '@sharehub/kit/testing';
import type { IncidentRecorded } from '@sharehub/schemas';
import { collectOutputs, startWholeHub } from '../hubHarness.js';
import { uniqueIncident } from '../pipelineScenarios.js';
import { expectAccessible } from './expectAccessible.js';
import { launchChromium } from './launchChromium.js';

let hub: Awaited<ReturnType<typeof startWholeHub>>;
let out: Awaited<ReturnType<typeof collectOutputs>>;
let browser: Browser;
const trafford = createAreaRegistry()('trafford');

beforeAll(async () => {
  [hub, browser] = await Promise.all([startWholeHub(), launchChromium()]);
  out = await collectOutputs([hub.topics.notificationAcknowledged]);
});
afterAll(async () => {
  await browser?.close();
  await out?.stop();
  await hub?.stop();
});

/** An incident with fresh people: a child of 3 and one of 17 with no GP practice (a triage item for the GP route). */
function incident(recordedAt: 'now' | 'march'): { incident: IncidentRecorded; decision: Decision } {
  const base = uniqueIncident();
  const tag = randomUUID().slice(0, 6);
  const at = new Date(Date.now() - 60_000).toISOString();
  const i: IncidentRecorded = {
    ...base,
    ...(recordedAt === 'now' ? { occurredAt: at, recordedAt: at } : {}),
    victim: { ...base.victim, personId: `V-${tag}` },
    children: [
      { ...base.children[0]!, personId: `C1-${tag}`, givenName: recordedAt === 'now' ? 'Jamie' : 'Morgan' },
      {
        ...base.children[1]!,
        personId: `C2-${tag}`,
        givenName: 'Riley',
        dateOfBirth: '2009-06-01',
        gpPracticeCode: null,
      },
    ],
  };
  return { incident: i, decision: decideIncident(trafford, i, new MemoryHistory()) };
}

/** A browser page signed in to the inbox with a token for `teamId`. */
async function signedIn(teamId: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${hub.inboxUrl}/inbox`);
  await expect(page.getByRole('heading', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
  await expectAccessible(page, 'inbox-sign-in');
  await page.getByLabel('Your token').fill(await hub.tokenFor('recipient', teamId));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${hub.inboxUrl}/inbox`);
  return page;
}

/** Reloads `path` until `selector` is on it (the page shows what the inbox holds now). */
async function untilShown(page: Page, path: string, selector: string, what: string): Promise<void> {
  await waitFor(
    async () => {
      await page.goto(`${hub.inboxUrl}${path}`);
      return (await page.locator(selector).count()) > 0;
    },
    what,
    60_000,
    250,
  );
}

describe("a practitioner's inbox in the browser", () => {
  it("shows a police incident in the right team's inbox within a minute and in no other; acknowledging it there closes it, emits the event and adds the audit record", async () => {
    const fresh = incident('now');
    const late = incident('march');
    const share = fresh.decision.shares.find((s) => s.service === 'HEALTH_VISITING')!;
    const lateShare = late.decision.shares.find((s) => s.service === 'HEALTH_VISITING')!;
    expect(lateShare.teamId).toBe(share.teamId);
    const posted = Date.now();
    expect((await hub.post('/v1/incidents', fresh.incident)).status).toBe(202);
    expect((await hub.post('/v1/incidents', late.incident)).status).toBe(202);

    const page = await signedIn(share.teamId);
    const row = `tr[data-notification-id="${share.notificationId}"]`;
    await untilShown(page, '/inbox', row, `${share.notificationId} on the inbox page`);
    const seconds = (Date.now() - posted) / 1000;
    expect(seconds).toBeLessThan(60);
    await untilShown(
      page,
      '/inbox',
      `tr[data-notification-id="${lateShare.notificationId}"]`,
      'the overdue one',
    );
    await expect(page.locator(row).textContent()).resolves.toContain('Jamie');
    await expect(page.locator(row).getByText('Overdue').count()).resolves.toBe(0);
    const lateRow = page.locator(`tr[data-notification-id="${lateShare.notificationId}"]`);
    await expect(lateRow.getByText('Overdue').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'inbox');

    // The overdue view lists the late one, not the fresh one.
    await page.getByRole('link', { name: 'Overdue' }).click();
    await expect(
      page.locator(`tr[data-notification-id="${lateShare.notificationId}"]`).count(),
    ).resolves.toBe(1);
    await expect(page.locator(row).count()).resolves.toBe(0);
    await expectAccessible(page, 'inbox-overdue');

    // No other team sees it.
    const others = trafford.directory.teams.filter((t) => t.teamId !== share.teamId).slice(0, 3);
    for (const team of others) {
      const other = await signedIn(team.teamId);
      await expect(other.locator(row).count()).resolves.toBe(0);
      await other.context().close();
    }

    await page.goto(`${hub.inboxUrl}/inbox`);
    await page.locator(row).getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Jamie');
    await expect(page.getByText("Officer's summary").count()).resolves.toBe(0); // health visiting may not see it
    await expectAccessible(page, 'inbox-item');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Acknowledged');
    await expectAccessible(page, 'inbox-item-acknowledged');
    await page.goto(`${hub.inboxUrl}/inbox`);
    await expect(page.locator(row).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Acknowledged', exact: true }).click();
    await expect(page.locator(row).count()).resolves.toBe(1);
    await expectAccessible(page, 'inbox-acknowledged');

    // The team's dashboard counts the share the team just acknowledged, in time, this week.
    await page.getByRole('link', { name: 'Team dashboard' }).click();
    await expect(
      page.getByRole('img', { name: 'Bar chart of shares received per day, by rule' }).count(),
    ).resolves.toBe(1);
    await expect(
      page.getByRole('table', { name: 'Acknowledged by the deadline, per week' }).getByRole('row').count(),
    ).resolves.toBeGreaterThan(1);
    await expectAccessible(page, 'inbox-team-dashboard');

    const acks = () =>
      out
        .of<{ notificationId: string; teamId: string }>(hub.topics.notificationAcknowledged)
        .filter((a) => a.notificationId === share.notificationId);
    await waitFor(() => acks().length > 0, 'the NotificationAcknowledged event', 30_000, 100);
    expect(acks()).toEqual([expect.objectContaining({ teamId: share.teamId })]);
    const auditor = await hub.tokenFor('auditor', 'tr-ig');
    const acknowledged = async () =>
      (
        await hub.getJson<{ records: Array<{ kind: string; actor: string }> }>(
          hub.auditUrl,
          `/v1/audit/records?notificationId=${share.notificationId}&kind=ACKNOWLEDGED`,
          auditor,
        )
      ).body.records;
    await waitFor(
      async () => (await acknowledged()).length > 0,
      'the ACKNOWLEDGED audit record',
      60_000,
      250,
    );
    expect(await acknowledged()).toEqual([expect.objectContaining({ actor: `recipient:${share.teamId}` })]);
    await page.context().close();
  });

  it('the Safeguarding Families team sees the triage queue and assigns an item to a team, which then has it', async () => {
    const { incident: i, decision } = incident('now');
    const item = decision.triage.find((t) => t.route === 'GP')!;
    expect(item).toBeDefined();
    expect((await hub.post('/v1/incidents', i)).status).toBe(202);

    const page = await signedIn('tr-safeguarding-families');
    const row = `tr[data-triage-id="${item.triageId}"]`;
    await untilShown(page, '/triage', row, 'the triage item on the queue page');
    await expect(page.locator(row).textContent()).resolves.toContain('Riley');
    await expectAccessible(page, 'triage-queue');

    await page.locator(row).getByRole('link').click();
    await page.getByLabel('Send it to').selectOption('tr-gp-p91002');
    await expectAccessible(page, 'triage-item');
    await page.getByRole('button', { name: 'Assign' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Assigned');
    await expect(page.getByText('Assigned to').textContent()).resolves.toContain('tr-gp-p91002');
    await expectAccessible(page, 'triage-item-assigned');

    const gp = await hub.tokenFor('recipient', 'tr-gp-p91002');
    await waitFor(
      async () =>
        (
          await hub.getJson<{ notifications: Array<{ subjectPersonId: string }> }>(
            hub.inboxUrl,
            '/v1/inbox/notifications',
            gp,
          )
        ).body.notifications.some((n) => n.subjectPersonId === item.subjectPersonId),
      'the assigned notification in the GP inbox',
      60_000,
      250,
    );
    // A team that is not the triage team is refused the queue page.
    const hv = await signedIn('tr-hv-central');
    const refused = await hv.goto(`${hub.inboxUrl}/triage`);
    expect(refused?.status()).toBe(403);
    await expect(hv.getByRole('alert').textContent()).resolves.toContain('triage team');
    await expectAccessible(hv, 'triage-refused');
    await hv.context().close();
    await page.context().close();
  });
});
