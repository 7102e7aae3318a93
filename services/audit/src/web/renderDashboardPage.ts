import {
  html,
  renderChartSvg,
  renderPage,
  renderTable,
  type Caller,
  type FieldProblem,
  type SafeHtml,
} from '@sharehub/kit';
import type { DashboardFigures } from '../dashboard/dashboardFigures.js';
import type { DashboardForm } from './dashboardFormQuery.js';
import { igFrame } from './igFrame.js';

/** What the dashboard page shows: the filter as filled in, the caller's areas, and the figures (none on a problem). */
export interface DashboardPageView {
  readonly caller: Caller;
  readonly form: DashboardForm;
  readonly figures: DashboardFigures | null;
}

const LABELS: Readonly<Record<string, string>> = { from: 'From', to: 'To', area: 'Area' };
const WIDTH = 560;

/** A chart and, beside it, the table of the same figures (the table is what a screen reader reads). */
async function figure(
  id: string,
  heading: string,
  intro: string,
  rows: readonly unknown[],
  chart: () => Promise<SafeHtml>,
  table: SafeHtml,
): Promise<SafeHtml> {
  return html`<section aria-labelledby="${id}">
    <h2 class="nhsuk-heading-m" id="${id}">${heading}</h2>
    <p>${intro}</p>
    ${
      rows.length === 0
        ? html`<p class="nhsuk-body">Nothing in this range.</p>`
        : html`<div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-one-half">
              <figure class="nhsuk-u-margin-0">${await chart()}</figure>
            </div>
            <div class="nhsuk-grid-column-one-half">${table}</div>
          </div>`
    }
  </section>`;
}

/**
 * The `/ig/dashboard` page: a GET filter (a date range and an area), then each figure as a chart drawn on the server
 * (inline SVG, `role="img"` with its name) beside a table of the same numbers.
 */
export async function renderDashboardPage(view: DashboardPageView): Promise<string> {
  const { form, figures } = view;
  const problemOf = (name: string) => form.problems.find((p) => p.path === name);
  const field = (name: 'from' | 'to', hint: string) => {
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
  const filter = html`<form method="get" action="/ig/dashboard" novalidate>
    <fieldset class="nhsuk-fieldset">
      <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Which figures</legend>
      ${field('from', 'The first day counted (UK dates)')} ${field('to', 'The last day counted, included')}
      <div class="nhsuk-form-group${areaProblem ? ' nhsuk-form-group--error' : ''}">
        <label class="nhsuk-label" for="f-area">${LABELS.area}</label>
        ${areaProblem ? errorMessage('area', areaProblem) : ''}
        <select class="nhsuk-select${areaProblem ? ' nhsuk-select--error' : ''}" id="f-area" name="area"${areaProblem ? html` aria-describedby="f-area-error"` : ''}>
          <option value=""${form.values.area === '' ? html` selected` : ''}>All your areas</option>
          ${view.caller.areas.map(
            (a) => html`<option value="${a}"${form.values.area === a ? html` selected` : ''}>${a}</option>`,
          )}
        </select>
      </div>
    </fieldset>
    <button class="nhsuk-button" type="submit">Show the figures</button>
  </form>`;
  const frame = {
    ...igFrame('Dashboard', view.caller, 'dashboard'),
    ...(form.problems.length > 0
      ? {
          errors: form.problems.map((p) => ({
            text: `${LABELS[p.path] ?? p.path}: ${p.message}`,
            fieldId: `f-${p.path}`,
          })),
        }
      : {}),
  };
  const areas = form.query.areas.join(', ');
  return renderPage(
    frame,
    html`<p>
        Decisions, shares and acknowledgements in ${areas}, from ${form.values.from} to ${form.values.to}, counted
        from the audit log. Each chart is drawn from the table beside it.
      </p>
      ${filter} ${figures ? await figureSections(figures) : ''}`,
  );
}

function errorMessage(name: string, problem: FieldProblem): SafeHtml {
  return html`<span class="nhsuk-error-message" id="f-${name}-error"
    ><span class="nhsuk-u-visually-hidden">Error:</span> ${problem.message}</span
  >`;
}

const percent = (n: number | null) => (n === null ? '—' : `${n}%`);
const hours = (n: number | null) => (n === null ? '—' : `${n} h`);

async function figureSections(f: DashboardFigures): Promise<SafeHtml> {
  const decisions = await figure(
    'decisions',
    'Decisions per day, by rule',
    'Each decision to share counts once under every rule that fired; a decision not to share counts under “no rule fired”.',
    f.decisionsByDay,
    () =>
      renderChartSvg(
        {
          width: WIDTH - 160,
          height: 220,
          data: { values: [...f.decisionsByDay] },
          mark: 'bar',
          encoding: {
            x: { field: 'day', type: 'ordinal', title: 'Day' },
            xOffset: { field: 'decision' },
            y: { field: 'count', type: 'quantitative', aggregate: 'sum', title: 'Decisions' },
            color: { field: 'rule', type: 'nominal', title: 'Rule' },
          },
        },
        'Bar chart of decisions per day, shared and not shared, by rule',
      ),
    renderTable({
      caption: 'Decisions per day, by rule',
      head: ['Day', 'Decision', 'Rule', { text: 'Decisions', numeric: true }],
      rows: f.decisionsByDay.map((r) => [r.day, r.decision, r.rule, r.count]),
      rowHeaders: true,
    }),
  );
  const shares = await figure(
    'shares',
    'Shares by service and team',
    'Notifications and referrals sent to each team in the range.',
    f.sharesByTeam,
    () =>
      renderChartSvg(
        {
          width: WIDTH - 240,
          height: { step: 22 },
          data: { values: [...f.sharesByTeam] },
          mark: 'bar',
          encoding: {
            y: { field: 'teamId', type: 'nominal', title: 'Team', sort: '-x' },
            x: { field: 'count', type: 'quantitative', title: 'Shares' },
            color: { field: 'service', type: 'nominal', title: 'Service' },
          },
        },
        'Bar chart of shares by service and team',
      ),
    renderTable({
      caption: 'Shares by service and team',
      head: ['Team', 'Service', { text: 'Shares', numeric: true }],
      rows: f.sharesByTeam.map((r) => [r.teamId, r.service, r.count]),
      rowHeaders: true,
    }),
  );
  const acknowledged = await figure(
    'acknowledged',
    'Acknowledged by the deadline, per team and week',
    'Of each week’s shares that are due or acknowledged, the percentage acknowledged by their due time; the median time from share to acknowledgement.',
    f.acknowledgementByWeek,
    () =>
      renderChartSvg(
        {
          width: WIDTH - 200,
          height: 220,
          data: { values: f.acknowledgementByWeek.filter((r) => r.inTimePercent !== null) },
          mark: 'bar',
          encoding: {
            x: { field: 'week', type: 'ordinal', title: 'Week beginning' },
            xOffset: { field: 'teamId' },
            y: { field: 'inTimePercent', type: 'quantitative', title: 'Acknowledged in time (%)', scale: { domain: [0, 100] } },
            color: { field: 'teamId', type: 'nominal', title: 'Team' },
          },
        },
        'Bar chart of the percentage of shares acknowledged in time, per team and week',
      ),
    renderTable({
      caption: 'Acknowledged by the deadline, per team and week',
      head: [
        'Week beginning',
        'Team',
        { text: 'Shares', numeric: true },
        { text: 'In time', numeric: true },
        { text: 'Late', numeric: true },
        { text: 'Overdue', numeric: true },
        { text: 'Not yet due', numeric: true },
        { text: 'In time (%)', numeric: true },
        { text: 'Median time to acknowledge', numeric: true },
      ],
      rows: f.acknowledgementByWeek.map((r) => [
        r.week,
        r.teamId,
        r.shares,
        r.inTime,
        r.late,
        r.overdue,
        r.notYetDue,
        percent(r.inTimePercent),
        hours(r.medianHoursToAcknowledge),
      ]),
      rowHeaders: true,
    }),
  );
  const overdue = await figure(
    'overdue',
    'Overdue and escalated now, per team',
    'Shares of the range not acknowledged and past their due time now, and how many of them have been escalated.',
    f.overdueNow,
    () =>
      renderChartSvg(
        {
          width: WIDTH - 240,
          height: { step: 14 },
          data: {
            values: f.overdueNow.flatMap((r) => [
              { teamId: r.teamId, measure: 'Overdue', count: r.overdue },
              { teamId: r.teamId, measure: 'Escalated', count: r.escalated },
            ]),
          },
          mark: 'bar',
          encoding: {
            y: { field: 'teamId', type: 'nominal', title: 'Team' },
            yOffset: { field: 'measure' },
            x: { field: 'count', type: 'quantitative', title: 'Shares' },
            color: { field: 'measure', type: 'nominal', title: 'Now' },
          },
        },
        'Bar chart of overdue and escalated shares per team',
      ),
    renderTable({
      caption: 'Overdue and escalated now, per team',
      head: ['Team', { text: 'Overdue', numeric: true }, { text: 'Escalated', numeric: true }],
      rows: f.overdueNow.map((r) => [r.teamId, r.overdue, r.escalated]),
      rowHeaders: true,
    }),
  );
  const triage = await figure(
    'triage',
    'Triage queue',
    'Items routed to the triage team in the range and not yet assigned, and how long they have waited.',
    f.triageQueue,
    () =>
      renderChartSvg(
        {
          width: WIDTH - 240,
          height: { step: 22 },
          data: { values: [...f.triageQueue] },
          mark: 'bar',
          encoding: {
            y: { field: 'area', type: 'nominal', title: 'Area' },
            x: { field: 'open', type: 'quantitative', title: 'Waiting items' },
          },
        },
        'Bar chart of triage items waiting per area',
      ),
    renderTable({
      caption: 'Triage queue',
      head: [
        'Area',
        { text: 'Waiting', numeric: true },
        { text: 'Oldest', numeric: true },
        { text: 'Median age', numeric: true },
      ],
      rows: f.triageQueue.map((r) => [r.area, r.open, hours(r.oldestHours), hours(r.medianHours)]),
      rowHeaders: true,
    }),
  );
  return html`${decisions} ${shares} ${acknowledged} ${overdue} ${triage}`;
}
