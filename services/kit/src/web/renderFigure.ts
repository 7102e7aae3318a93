import { html, type SafeHtml } from './html.js';

/** One figure of a dashboard: its heading, what it counts, and the chart and table of its rows. */
export interface FigureView {
  /** The id of its heading (the section's accessible name). */
  readonly id: string;
  readonly heading: string;
  readonly intro: string;
  /** No rows: the figure says so instead of drawing an empty chart. */
  readonly rows: readonly unknown[];
  /** Draws the chart (only when there are rows), e.g. with `renderChartSvg`. */
  readonly chart: () => Promise<SafeHtml>;
  /** The table of the same figures, e.g. with `renderTable`: what a screen reader reads. */
  readonly table: SafeHtml;
}

/** A dashboard figure: a section with its heading, the chart (inline SVG) and, next to it, the table of its numbers. */
export async function renderFigure(view: FigureView): Promise<SafeHtml> {
  // No accessible name on the section: it is not a landmark of its own (the table region inside is named).
  return html`<section>
    <h2 class="nhsuk-heading-m" id="${view.id}">${view.heading}</h2>
    <p>${view.intro}</p>
    ${
      view.rows.length === 0
        ? html`<p class="nhsuk-body">Nothing in this range.</p>`
        : html`<figure class="nhsuk-u-margin-0 nhsuk-u-margin-bottom-4">${await view.chart()}</figure>
          ${view.table}`
    }
  </section>`;
}
