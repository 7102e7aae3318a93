import { html, type SafeHtml } from './html.js';

/**
 * An NHS.UK summary list (`nhsuk-summary-list`): each row a key and its value, in a `<dl>`. Rows whose value is
 * `null` or `undefined` are left out.
 */
export function renderSummaryList(
  rows: ReadonlyArray<readonly [key: string, value: SafeHtml | string | number | null | undefined]>,
): SafeHtml {
  return html`<dl class="nhsuk-summary-list">
    ${rows
      .filter(([, value]) => value !== null && value !== undefined)
      .map(
        ([key, value]) =>
          html`<div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">${key}</dt>
            <dd class="nhsuk-summary-list__value">${value}</dd>
          </div>`,
      )}
  </dl>`;
}
