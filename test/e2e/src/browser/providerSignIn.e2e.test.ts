import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createAreaRegistry, decideIncident, MemoryHistory } from '@sharehub/decision-core';
import { SERVICE_AUDIENCES } from '@sharehub/kit/auth';
import { waitFor } from '@sharehub/kit/testing';
import {
  DEV_CLIENT_SECRET,
  DEV_PASSWORD,
  startDevIdentityProvider,
  type DevIdentityProvider,
} from '@sharehub/infra';
import type { IncidentRecorded } from '@sharehub/schemas';
import { startWholeHub } from '../hubHarness.js';
import { uniqueIncident } from '../pipelineScenarios.js';
import { expectAccessible } from './expectAccessible.js';
import { launchChromium } from './launchChromium.js';
import { freePort } from '../freePort.js';

// A health visitor signs in to the inbox through the development OpenID provider's login page (authorization code
// flow with PKCE), acknowledges a notification, signs out (ending the provider's session too) and cannot go back.

let hub: Awaited<ReturnType<typeof startWholeHub>>;
let idp: DevIdentityProvider;
let browser: Browser;

beforeAll(async () => {
  // The provider must know the inbox's address (its redirect URI) before the inbox starts and discovers it.
  const inboxUrl = `http://127.0.0.1:${await freePort()}`;
  idp = await startDevIdentityProvider({
    port: 0,
    pageClients: [{ clientId: 'inbox-pages', publicUrl: inboxUrl, audience: SERVICE_AUDIENCES.inbox }],
  });
  [hub, browser] = await Promise.all([
    startWholeHub({
      inboxEnv: {
        INBOX_PORT: new URL(inboxUrl).port,
        OIDC_ISSUER: idp.issuer,
        PAGE_OIDC_CLIENT_ID: 'inbox-pages',
        PAGE_OIDC_CLIENT_SECRET: DEV_CLIENT_SECRET,
        PAGE_PUBLIC_URL: inboxUrl,
      },
    }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await idp?.close();
});

describe('signing in to the inbox through the identity provider', () => {
  it('a health visitor signs in on the provider’s login page, acknowledges a notification, signs out and cannot go back', async () => {
    const base = uniqueIncident();
    const tag = base.victim.personId.slice(-6);
    const at = new Date(Date.now() - 60_000).toISOString();
    const incident: IncidentRecorded = {
      ...base,
      occurredAt: at,
      recordedAt: at,
      children: [
        { ...base.children[0]!, personId: `C1-${tag}`, givenName: 'Jamie' },
        ...base.children.slice(1),
      ],
    };
    const decision = decideIncident(createAreaRegistry()('trafford'), incident, new MemoryHistory());
    const share = decision.shares.find((s) => s.service === 'HEALTH_VISITING')!;
    expect(share).toBeDefined();
    expect((await hub.post('/v1/incidents', incident)).status).toBe(202);

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    // The inbox sends the person to the provider, whose login page asks who they are.
    await page.goto(`${hub.inboxUrl}/inbox`);
    expect(page.url().startsWith(`${idp.issuer}/interaction/`)).toBe(true);
    await expectAccessible(page, 'oidc-provider-login');
    await page.getByLabel('Login name').fill(share.teamId);
    await page.getByLabel('Password').fill(DEV_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${hub.inboxUrl}/inbox`);
    await expect(page.getByText(`Signed in as`).textContent()).resolves.toContain(share.teamId);

    // The notification arrives; the health visitor opens and acknowledges it.
    const row = `tr[data-notification-id="${share.notificationId}"]`;
    await waitFor(
      async () => {
        await page.goto(`${hub.inboxUrl}/inbox`);
        return (await page.locator(row).count()) > 0;
      },
      'the notification on the inbox page',
      60_000,
      250,
    );
    await expectAccessible(page, 'oidc-inbox');
    await page.locator(row).getByRole('link').click();
    const itemUrl = page.url();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Jamie');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Acknowledged');
    await expectAccessible(page);

    // Sign-out ends the inbox's session and, confirmed on the provider's page, the provider's.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${idp.issuer}/session/end`));
    await expectAccessible(page, 'oidc-provider-sign-out');
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${hub.inboxUrl}/signed-out`);
    await expect(page.getByText('You have signed out').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'oidc-signed-out');

    // Neither the back button nor a reload shows the notification again: the pages are no-store, the session is
    // gone, and the provider asks for the password again.
    const askedAgain = async () => {
      expect(page.url().startsWith(`${idp.issuer}/interaction/`), page.url()).toBe(true);
      await expect(page.getByLabel('Password').isVisible()).resolves.toBe(true);
      await expect(page.getByText('Jamie').count()).resolves.toBe(0);
    };
    await page.goBack(); // the provider's sign-out page, now spent
    await page.goBack(); // the notification
    await page.waitForLoadState();
    await askedAgain();
    await page.goto(itemUrl);
    await askedAgain();
    await page.reload();
    await askedAgain();
    await page.context().close();
  });
});
