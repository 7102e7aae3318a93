import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findChromium, launchChromium, saveScreenshot } from './launchChromium.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe('headless Chromium for browser tests', () => {
  it('renders a page and saves a PNG under artifacts/screenshots', async () => {
    const page = await browser.newPage();
    await page.setContent('<main><h1>sharehub</h1></main>');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('sharehub');
    const path = await saveScreenshot(page, 'chromium-smoke');
    expect(path).toMatch(/artifacts\/screenshots\/chromium-smoke\.png$/);
    expect(existsSync(path) && statSync(path).size).toBeGreaterThan(0);
    await page.close();
  });

  it('fails loudly, naming the apt script, when the Chromium it is pointed at is missing', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(
      /infra\/scripts\/apt-install\.sh infra\/ci\/apt-packages\.txt/,
    );
  });
});
