import { describe, expect, it } from 'vitest';
import { renderChartSvg } from './renderChartSvg.js';

const bars = (values: Array<{ day: string; n: number }>) =>
  ({
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'day', type: 'ordinal' },
      y: { field: 'n', type: 'quantitative' },
    },
  }) as const;

describe('renderChartSvg', () => {
  it('draws a Vega-Lite spec as one SVG image named for assistive technology', async () => {
    const svg = (
      await renderChartSvg(
        bars([
          { day: 'Mon', n: 3 },
          { day: 'Tue', n: 5 },
        ]),
        'Decisions per day',
      )
    ).markup;
    expect(svg).toMatch(/^<svg role="img" aria-label="Decisions per day" focusable="false" /);
    expect(svg).toContain('<title>Decisions per day</title>');
    // One bar per datum, and the axis labels drawn as text.
    expect(svg.match(/class="mark-rect role-mark marks"/g)).toHaveLength(1);
    expect(svg.match(/<path[^>]*d="M[^"]*h[^"]*v[^"]*h[^"]*Z"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('>Mon</text>');
    expect(svg).toContain('>Tue</text>');
    // No ARIA tree of its own inside the image, and no inline style (the pages' CSP allows none).
    expect(svg).not.toContain('aria-roledescription');
    expect(svg).not.toMatch(/style="/);
  });

  it('escapes the accessible name and the text the chart draws', async () => {
    const svg = (await renderChartSvg(bars([{ day: '<b>x</b>', n: 1 }]), 'A & "B"')).markup;
    expect(svg).toContain('aria-label="A &amp; &quot;B&quot;"');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('refuses a spec that would load its data from a URL', async () => {
    await expect(
      renderChartSvg(
        {
          data: { url: 'http://127.0.0.1:1/data.json' },
          mark: 'bar',
          encoding: { x: { field: 'a', type: 'ordinal' } },
        },
        'Loaded',
      ),
    ).rejects.toThrow();
  });
});
