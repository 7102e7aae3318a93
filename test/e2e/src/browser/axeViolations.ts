import axe, { type AxeResults, type RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * The accessibility violations axe-core finds on the page as it is now (WCAG 2.x A and AA, 2.2 included), as
 * `rule: the first offending element` lines; empty when it passes. axe runs through the DevTools protocol, which the
 * pages' script-free CSP does not govern.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const options: RunOptions = {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  };
  const results = await page.evaluate<AxeResults>(`axe.run(document, ${JSON.stringify(options)})`);
  return results.violations.map(
    (v) => `${v.id} (${v.impact ?? 'unknown'}): ${v.nodes[0]?.target.join(' ') ?? ''} — ${v.help}`,
  );
}
