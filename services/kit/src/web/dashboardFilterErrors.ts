import type { DashboardForm } from './dashboardFormQuery.js';
import type { PageError } from './renderPage.js';

/** The labels of a dashboard filter's fields, as the form and its error summary name them. */
export const DASHBOARD_FIELD_LABELS: Readonly<Record<string, string>> = {
  from: 'From',
  to: 'To',
  area: 'Area',
};

/** A dashboard filter's problems for the page's error summary (`PageFrame.errors`), each linked to its field. */
export function dashboardFilterErrors(form: DashboardForm): PageError[] {
  return form.problems.map((p) => ({
    text: `${DASHBOARD_FIELD_LABELS[p.path] ?? p.path}: ${p.message}`,
    fieldId: `f-${p.path}`,
  }));
}
