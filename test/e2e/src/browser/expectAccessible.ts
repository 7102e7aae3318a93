import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot } from './launchChromium.js';

/** The axe-core rule tags every page is checked against: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and best practice. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] as const;

/**
 * Runs axe-core on the page as it is now (in the page, through playwright: the pages' CSP allows no script of their
 * own, and evaluation by the driver is not page script) and expects no violation at all, whatever its impact (so
 * none serious or critical); then, when `screenshot` names one, saves the page under `artifacts/screenshots/`.
 * The failure lists each violated rule with its impact and the elements, so it can be fixed from the test output.
 */
export async function expectAccessible(page: Page, screenshot?: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags([...AXE_TAGS]).analyze();
  const violations = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(violations, `axe-core on ${page.url()}`).toEqual([]);
  // axe ran rules: a page it could not analyse would pass vacuously.
  expect(results.passes.length, `axe-core rules passed on ${page.url()}`).toBeGreaterThan(10);
  if (screenshot) await saveScreenshot(page, screenshot);
}
