import escapeHtml from 'escape-html';

/** Markup that is safe to send: built only by {@link html}, so every interpolated value has been escaped. */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

type Interpolated = SafeHtml | string | number | boolean | null | undefined | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return (value as readonly Interpolated[]).map(render).join('');
  return escapeHtml(String(value));
}

/**
 * A tagged template for server-rendered pages: strings and numbers are HTML-escaped, nested `html` fragments and
 * arrays of them are kept, `null`, `undefined` and `false` render nothing.
 *
 * @example
 *   html`<li>${notification.subjectPersonId}</li>`
 */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}
