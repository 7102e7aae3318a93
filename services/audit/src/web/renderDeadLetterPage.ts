import { type Caller } from '@sharehub/kit/auth';
import { type Problem } from '@sharehub/kit/http';
import { formatLondonTime, html, renderPage, type PageFrame } from '@sharehub/kit/web';
import type { DeadLetterView } from '../deadletters/deadLetterView.js';

/** The frame of the operator's pages. */
function operatorFrame(title: string, caller: Caller | undefined, notice?: string): PageFrame {
  return {
    title,
    service: 'Audit',
    nav: [{ href: '/operator/dead-letters', label: 'Dead letters', current: true }],
    ...(caller
      ? { signedInAs: `${caller.subject} (${caller.roles.join(', ')})`, signOutPath: '/sign-out' }
      : {}),
    ...(notice ? { notice } : {}),
  };
}

/**
 * The operator's dead letters: a filter (reason code, topic, waiting or all), a form to re-drive every waiting one
 * of the filtered reason code, and a table (where, when and why each failed, the event's type and id, never its
 * contents) with a re-drive form on each waiting row. Every re-drive asks why.
 */
export function renderDeadLetterPage(view: {
  readonly caller: Caller;
  readonly letters: readonly DeadLetterView[];
  readonly filter: { readonly reasonCode: string; readonly topic: string; readonly state: string };
  readonly notice?: string;
}): string {
  const { letters, filter } = view;
  const waiting = letters.filter((l) => l.redriven === null).length;
  return renderPage(
    operatorFrame('Dead letters', view.caller, view.notice),
    html`<p>
        Messages a service could not process, in your areas (${view.caller.areas.join(', ') || 'none'}) and those whose
        area could not be read. After a fix, re-drive them: each goes back to its topic once, and the audit log records
        who re-drove it and why.
      </p>
      <form method="get" action="/operator/dead-letters">
        <label class="nhsuk-label" for="f-reason-code">Reason code</label>
        <input class="nhsuk-input" id="f-reason-code" name="reasonCode" value="${filter.reasonCode}" />
        <label class="nhsuk-label" for="f-topic">Topic</label>
        <input class="nhsuk-input" id="f-topic" name="topic" value="${filter.topic}" />
        <label class="nhsuk-label" for="f-state">Show</label>
        <select class="nhsuk-select" id="f-state" name="state">
          <option value="waiting"${filter.state === 'waiting' ? html` selected` : ''}>Waiting to be re-driven</option>
          <option value="all"${filter.state === 'all' ? html` selected` : ''}>All, with those re-driven</option>
        </select>
        <p><button type="submit" class="nhsuk-button nhsuk-button--secondary">Filter</button></p>
      </form>
      ${
        filter.reasonCode && waiting > 0
          ? html`<form method="post" action="/operator/dead-letters/redrive">
              <h2>Re-drive all of this kind</h2>
              <input type="hidden" name="reasonCode" value="${filter.reasonCode}" />
              <input type="hidden" name="topic" value="${filter.topic}" />
              <label class="nhsuk-label" for="all-reason">Why (for example, the fix deployed)</label>
              <textarea class="nhsuk-textarea" id="all-reason" name="reason" rows="2" required maxlength="500"></textarea>
              <p>
                <button class="nhsuk-button" type="submit">
                  Re-drive every waiting dead letter with reason code ${filter.reasonCode}${filter.topic ? html` on ${filter.topic}` : ''}
                </button>
              </p>
            </form>`
          : ''
      }
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption">
          ${letters.length} dead letter${letters.length === 1 ? '' : 's'} (${waiting} waiting)
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">Failed</th>
            <th class="nhsuk-table__header" scope="col">Topic</th>
            <th class="nhsuk-table__header" scope="col">Event</th>
            <th class="nhsuk-table__header" scope="col">Area</th>
            <th class="nhsuk-table__header" scope="col">Reason</th>
            <th class="nhsuk-table__header" scope="col">Re-drive</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          ${letters.map(
            (l, i) => html`<tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell">${formatLondonTime(l.failedAt, 'second')}</td>
              <td class="nhsuk-table__cell">${l.topic} <small>(partition ${l.partition}, offset ${l.offset}, read by ${l.consumerGroup})</small></td>
              <td class="nhsuk-table__cell">${l.eventType ?? 'not readable'}<br /><small>${l.eventId ?? '—'}</small></td>
              <td class="nhsuk-table__cell">${l.area ?? 'unknown'}</td>
              <td class="nhsuk-table__cell"><code>${l.reasonCode}</code> ${l.reason}</td>
              <td class="nhsuk-table__cell">
                ${
                  l.redriven
                    ? html`Re-driven ${formatLondonTime(l.redriven.at, 'second')} by ${l.redriven.by}`
                    : html`<form method="post" action="/operator/dead-letters/redrive">
                        <input type="hidden" name="id" value="${l.deadLetterId}" />
                        <label class="nhsuk-label" for="reason-${i}">Why</label>
                        <input class="nhsuk-input" id="reason-${i}" name="reason" required maxlength="500" />
                        <button class="nhsuk-button" type="submit">Re-drive<span class="nhsuk-u-visually-hidden"> ${l.deadLetterId}</span></button>
                      </form>`
                }
              </td>
            </tr>`,
          )}
        </tbody>
      </table>`,
  );
}

/** An operator page's failure as HTML: what went wrong, each bad field, its stable code, and a way back. */
export function renderOperatorErrorPage(problem: Problem, caller: Caller | undefined): string {
  const title =
    problem.status === 403
      ? 'You cannot re-drive dead letters'
      : problem.status === 400
        ? 'The request is not valid'
        : problem.status === 404
          ? 'Not found'
          : 'Something went wrong';
  return renderPage(
    operatorFrame(title, caller),
    html`<p>${problem.status >= 500 ? 'The service could not answer; it has been logged. Try again shortly' : problem.detail}.</p>
      ${
        problem.errors && problem.errors.length > 0
          ? html`<ul>
              ${problem.errors.map((e) => html`<li><code>${e.path}</code> ${e.message}</li>`)}
            </ul>`
          : ''
      }
      <p><a href="/operator/dead-letters">Back to the dead letters</a></p>
      <p><small>Code: <code>${problem.code}</code></small></p>`,
  );
}
