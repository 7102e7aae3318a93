import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { html, SafeHtml } from './html.js';

/**
 * A chart as inline SVG, drawn on the server: the Vega-Lite `spec` (with its data inline) is compiled to Vega and
 * rendered headless (`renderer: 'none'`, no canvas, no script in the page). The SVG is one image to assistive
 * technology (`role="img"`, its `<title>` and `aria-label` are `name`): the figures it draws belong in a table beside
 * it. Vega escapes every text it draws; no URL is loaded (data must be inline).
 *
 * @example
 *   const svg = await renderChartSvg({ data: { values }, mark: 'bar', encoding }, 'Decisions per day');
 *   html`<figure>${svg}<figcaption>…</figcaption></figure>`
 */
export async function renderChartSvg(spec: TopLevelSpec, name: string): Promise<SafeHtml> {
  const { spec: compiled } = compile({
    ...spec,
    // The SVG is one image; its own ARIA tree (a role per mark) would duplicate the table beside it.
    config: { aria: false, font: 'Arial, sans-serif', ...spec.config },
  });
  if ((compiled.data ?? []).some((d) => 'url' in d))
    throw new TypeError('a chart takes inline data only, never a URL');
  const view = new vega.View(vega.parse(compiled), {
    renderer: 'none',
    // Inline data only: a loader that refuses every URL, so a spec can never make the server fetch.
    loader: refusingLoader(),
  });
  try {
    // The marks' own roles (graphics-symbol, …) are left out: inside role="img" they are presentational anyway.
    const svg = (await view.toSVG()).replace(/ (?:role|aria-roledescription|aria-label)="[^"]*"/g, '');
    const label = html`${name}`.markup;
    const opened = svg.replace(/^<svg /, `<svg role="img" aria-label="${label}" focusable="false" `);
    const titled = opened.replace(/^(<svg[^>]*>)/, `$1<title>${label}</title>`);
    return new SafeHtml(titled);
  } finally {
    view.finalize();
  }
}

function refusingLoader(): vega.Loader {
  const loader = vega.loader();
  loader.load = () => Promise.reject(new Error('charts take inline data only'));
  loader.sanitize = () => Promise.reject(new Error('charts take inline data only'));
  return loader;
}
