import { html, type SafeHtml } from './html.js';

/** The colours an NHS.UK tag comes in (its colour class; the default is blue). */
export type TagColour =
  | 'default'
  | 'white'
  | 'grey'
  | 'green'
  | 'aqua-green'
  | 'blue'
  | 'purple'
  | 'pink'
  | 'red'
  | 'orange'
  | 'yellow';

/** An NHS.UK tag for a status ("Open", "Overdue", "Verified"): text, never colour alone, carries the meaning. */
export function renderTag(text: string, colour: TagColour = 'default'): SafeHtml {
  return html`<strong class="nhsuk-tag${colour === 'default' ? '' : ` nhsuk-tag--${colour}`}">${text}</strong>`;
}
