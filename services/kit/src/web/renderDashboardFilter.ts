import type { FieldProblem } from '../errors.js';
import type { DashboardForm } from './dashboardFormQuery.js';
import { html, type SafeHtml } from './html.js';

import { DASHBOARD_FIELD_LABELS as LABELS } from './DASHBOARD_FIELD_LABELS.js';

/**
 * A dashboard's filter as a GET form (works without script): the first and last day (`<input type="date">`) and an
 * area among `areas` (or all of them), each with its label, hint and, on a problem, its NHS error message.
 */
export function renderDashboardFilter(
  form: DashboardForm,
  areas: readonly string[],
  action: string,
): SafeHtml {
  const problemOf = (name: string) => form.problems.find((p) => p.path === name);
  const date = (name: 'from' | 'to', hint: string) => {
    const problem = problemOf(name);
    return html`<div class="nhsuk-form-group${problem ? ' nhsuk-form-group--error' : ''}">
      <label class="nhsuk-label" for="f-${name}">${LABELS[name]}</label>
      <div class="nhsuk-hint" id="f-${name}-hint">${hint}</div>
      ${problem ? errorMessage(name, problem) : ''}
      <input class="nhsuk-input nhsuk-input--width-10${problem ? ' nhsuk-input--error' : ''}" type="date" id="f-${name}" name="${name}"
        value="${form.values[name]}" aria-describedby="f-${name}-hint${problem ? ` f-${name}-error` : ''}" />
    </div>`;
  };
  const areaProblem = problemOf('area');
  return html`<form method="get" action="${action}" novalidate>
    <fieldset class="nhsuk-fieldset">
      <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Which figures</legend>
      ${date('from', 'The first day counted (UK dates)')} ${date('to', 'The last day counted, included')}
      <div class="nhsuk-form-group${areaProblem ? ' nhsuk-form-group--error' : ''}">
        <label class="nhsuk-label" for="f-area">${LABELS.area}</label>
        ${areaProblem ? errorMessage('area', areaProblem) : ''}
        <select class="nhsuk-select${areaProblem ? ' nhsuk-select--error' : ''}" id="f-area" name="area"${areaProblem ? html` aria-describedby="f-area-error"` : ''}>
          <option value=""${form.values.area === '' ? html` selected` : ''}>All your areas</option>
          ${areas.map((a) => html`<option value="${a}"${form.values.area === a ? html` selected` : ''}>${a}</option>`)}
        </select>
      </div>
    </fieldset>
    <button class="nhsuk-button" type="submit">Show the figures</button>
  </form>`;
}

function errorMessage(name: string, problem: FieldProblem): SafeHtml {
  return html`<span class="nhsuk-error-message" id="f-${name}-error"
    ><span class="nhsuk-u-visually-hidden">Error:</span> ${problem.message}</span
  >`;
}
