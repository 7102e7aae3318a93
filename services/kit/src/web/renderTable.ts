import { html, type SafeHtml } from './html.js';

type Cell = SafeHtml | string | number | null | undefined;

/** A table as the NHS.UK design system draws it. */
export interface TableView {
  /** What the table holds: its accessible name, shown above it. */
  readonly caption: Cell;
  /** The column headings; a heading's `numeric` right-aligns its column. */
  readonly head: ReadonlyArray<string | { readonly text: string; readonly numeric?: boolean }>;
  /** The rows; the first cell of each is the row's header when `rowHeaders` is set. */
  readonly rows: ReadonlyArray<ReadonlyArray<Cell>>;
  readonly rowHeaders?: boolean;
  /**
   * An id for the table: its container becomes a labelled region that takes keyboard focus, so a table wider than
   * the screen can be scrolled from the keyboard (WCAG 2.1.1). Give one to any table that may not fit.
   */
  readonly id?: string;
  /** Attributes of each row (e.g. `data-notification-id`), by row index. */
  readonly rowAttributes?: (index: number) => Readonly<Record<string, string>>;
}

/**
 * An NHS.UK table (`nhsuk-table`, with its caption, column headers scoped `col`, and row headers scoped `row` when
 * asked), in a scrolling container so a wide table never widens the page.
 */
export function renderTable(view: TableView): SafeHtml {
  const heads = view.head.map((h) => (typeof h === 'string' ? { text: h, numeric: false } : h));
  const numeric = (i: number) => (heads[i]?.numeric ? ' nhsuk-table__cell--numeric' : '');
  const region = view.id ? html` role="region" tabindex="0" aria-labelledby="${view.id}-caption"` : '';
  return html`<div class="nhsuk-table-container"${region}>
    <table class="nhsuk-table"${view.id ? html` id="${view.id}"` : ''}>
      <caption class="nhsuk-table__caption"${view.id ? html` id="${view.id}-caption"` : ''}>${view.caption}</caption>
      <thead class="nhsuk-table__head">
        <tr class="nhsuk-table__row">
          ${heads.map(
            (h) =>
              html`<th class="nhsuk-table__header${h.numeric ? ' nhsuk-table__header--numeric' : ''}" scope="col">${h.text}</th>`,
          )}
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        ${view.rows.map(
          (row, r) =>
            html`<tr class="nhsuk-table__row"${Object.entries(view.rowAttributes?.(r) ?? {}).map(
              ([name, value]) => html` ${name}="${value}"`,
            )}>
              ${row.map((cell, i) =>
                i === 0 && view.rowHeaders
                  ? html`<th class="nhsuk-table__header" scope="row">${cell}</th>`
                  : html`<td class="nhsuk-table__cell${numeric(i)}">${cell}</td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
