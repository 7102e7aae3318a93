import type { Express } from 'express';
import { callerOf } from '@sharehub/kit/auth';
import { renderChartSvg } from '@sharehub/kit/charts';
import {
  dashboardFilterErrors,
  dashboardFormQuery,
  html,
  renderDashboardFilter,
  renderFigure,
  renderPage,
  renderSummaryList,
  renderTable,
  type SafeHtml,
  ACKNOWLEDGEMENT_COLUMNS,
  acknowledgementCells,
} from '@sharehub/kit/web';
import type { TeamFigures } from '../dashboard/teamFigures.js';
import type { PageDeps } from './inboxPages.js';
import { inboxFrame } from './pageFrame.js';

const hours = (n: number | null) => (n === null ? '—' : `${n} h`);

/**
 * The team view of the dashboard, `/inbox/dashboard` (recipient role, the caller's own team): shares received per
 * day by rule, acknowledged by the deadline per week, overdue and escalated now, and the triage queue for a team that
 * triages; a GET filter of a date range and an area; each figure a server-drawn SVG chart beside its table.
 */
export function mountTeamDashboardPages(app: Express, deps: PageDeps): void {
  app.get('/inbox/dashboard', deps.session.requireCaller, async (req, res) => {
    const caller = callerOf(res);
    const form = dashboardFormQuery(req.query, caller.areas, deps.ops.now());
    const figures = form.problems.length === 0 ? await deps.ops.teamDashboard(caller, form.query) : null;
    const frame = {
      ...inboxFrame(caller, 'Team dashboard', '/inbox/dashboard', {
        triage: deps.ops.triageAreas(caller).length > 0,
        auditUrl: deps.auditUrl,
      }),
      ...(form.problems.length > 0 ? { errors: dashboardFilterErrors(form) } : {}),
    };
    const body = html`<p>
        How ${figures?.teamId ?? caller.org} received and acknowledged shares from ${form.values.from} to
        ${form.values.to}, counted from the inbox. Each chart is drawn from the table beside it.
      </p>
      ${renderDashboardFilter(form, caller.areas, '/inbox/dashboard')}
      ${figures ? await figureSections(figures) : ''}`;
    res
      .status(form.problems.length > 0 ? 400 : 200)
      .type('html')
      .send(renderPage(frame, body));
  });
}

async function figureSections(f: TeamFigures): Promise<SafeHtml> {
  const shares = await renderFigure({
    id: 'shares',
    heading: 'Shares received per day, by rule',
    intro: 'Each share counts once under every rule that made the hub send it.',
    rows: f.sharesByDay,
    chart: () =>
      renderChartSvg(
        {
          width: 380,
          height: 220,
          data: { values: [...f.sharesByDay] },
          mark: 'bar',
          encoding: {
            x: { field: 'day', type: 'ordinal', title: 'Day' },
            y: { field: 'count', type: 'quantitative', aggregate: 'sum', title: 'Shares' },
            color: { field: 'rule', type: 'nominal', title: 'Rule' },
          },
        },
        'Bar chart of shares received per day, by rule',
      ),
    table: renderTable({
      id: 'table-shares-received-per-day-by-rule',
      caption: 'Shares received per day, by rule',
      head: ['Day', 'Rule', { text: 'Shares', numeric: true }],
      rows: f.sharesByDay.map((r) => [r.day, r.rule, r.count]),
      rowHeaders: true,
    }),
  });
  const acknowledged = await renderFigure({
    id: 'acknowledged',
    heading: 'Acknowledged by the deadline, per week',
    intro:
      'Of each week’s shares that are due or acknowledged, the percentage acknowledged by their due time; the median time from arrival to acknowledgement.',
    rows: f.acknowledgementByWeek,
    chart: () =>
      renderChartSvg(
        {
          width: 320,
          height: 220,
          data: { values: f.acknowledgementByWeek.filter((r) => r.inTimePercent !== null) },
          mark: 'bar',
          encoding: {
            x: { field: 'week', type: 'ordinal', title: 'Week beginning' },
            y: {
              field: 'inTimePercent',
              type: 'quantitative',
              title: 'Acknowledged in time (%)',
              scale: { domain: [0, 100] },
            },
          },
        },
        'Bar chart of the percentage of shares acknowledged in time, per week',
      ),
    table: renderTable({
      id: 'table-acknowledged-by-the-deadline-per-week',
      caption: 'Acknowledged by the deadline, per week',
      head: ['Week beginning', ...ACKNOWLEDGEMENT_COLUMNS],
      rows: f.acknowledgementByWeek.map((r) => [r.week, ...acknowledgementCells(r)]),
      rowHeaders: true,
    }),
  });
  const now = html`<section aria-labelledby="now">
    <h2 class="nhsuk-heading-m" id="now">Overdue and escalated now</h2>
    <p>Every open notification of the team past its due time, whenever it arrived.</p>
    ${renderSummaryList([
      ['Overdue', html`<a class="nhsuk-link" href="/inbox?overdue=true">${f.overdueNow.overdue}</a>`],
      ['Of which escalated', f.overdueNow.escalated],
    ])}
  </section>`;
  const triage =
    f.triageQueue.length === 0
      ? ''
      : await renderFigure({
          id: 'triage',
          heading: 'Triage queue',
          intro: 'Items waiting for the triage team to assign them, and how long they have waited.',
          rows: f.triageQueue,
          chart: () =>
            renderChartSvg(
              {
                width: 300,
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
          table: renderTable({
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
        });
  return html`${shares} ${acknowledged} ${now} ${triage}`;
}
