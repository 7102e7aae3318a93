import { type Caller } from '@sharehub/kit/auth';
import { renderChartSvg } from '@sharehub/kit/charts';
import {
  dashboardFilterErrors,
  html,
  renderDashboardFilter,
  renderFigure,
  renderPage,
  renderTable,
  type DashboardForm,
  type SafeHtml,
  ACKNOWLEDGEMENT_COLUMNS,
  acknowledgementCells,
} from '@sharehub/kit/web';
import type { DashboardFigures } from '../dashboard/dashboardFigures.js';
import { igFrame } from './igFrame.js';

/** What the dashboard page shows: the filter as filled in, the caller's areas, and the figures (none on a problem). */
export interface DashboardPageView {
  readonly caller: Caller;
  readonly form: DashboardForm;
  readonly figures: DashboardFigures | null;
}

const WIDTH = 560;

/** A figure of the page (the kit's `renderFigure`), by its parts. */
const figure = (
  id: string,
  heading: string,
  intro: string,
  rows: readonly unknown[],
  chart: () => Promise<SafeHtml>,
  table: SafeHtml,
) => renderFigure({ id, heading, intro, rows, chart, table });

/**
 * The `/ig/dashboard` page: a GET filter (a date range and an area), then each figure as a chart drawn on the server
 * (inline SVG, `role="img"` with its name) beside a table of the same numbers.
 */
export async function renderDashboardPage(view: DashboardPageView): Promise<string> {
  const { form, figures } = view;
  const filter = renderDashboardFilter(form, view.caller.areas, '/ig/dashboard');
  const frame = {
    ...igFrame('Dashboard', view.caller, 'dashboard'),
    ...(form.problems.length > 0 ? { errors: dashboardFilterErrors(form) } : {}),
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
      id: 'table-decisions-per-day-by-rule',
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
      id: 'table-shares-by-service-and-team',
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
            y: {
              field: 'inTimePercent',
              type: 'quantitative',
              title: 'Acknowledged in time (%)',
              scale: { domain: [0, 100] },
            },
            color: { field: 'teamId', type: 'nominal', title: 'Team' },
          },
        },
        'Bar chart of the percentage of shares acknowledged in time, per team and week',
      ),
    renderTable({
      id: 'table-acknowledged-by-the-deadline-per-team-and-week',
      caption: 'Acknowledged by the deadline, per team and week',
      head: ['Week beginning', 'Team', ...ACKNOWLEDGEMENT_COLUMNS],
      rows: f.acknowledgementByWeek.map((r) => [r.week, r.teamId, ...acknowledgementCells(r)]),
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
      id: 'table-overdue-and-escalated-now-per-team',
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
      id: 'table-triage-queue',
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
