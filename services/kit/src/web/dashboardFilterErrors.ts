import type { DashboardForm } from './dashboardFormQuery.js';
import { DASHBOARD_FIELD_LABELS } from './DASHBOARD_FIELD_LABELS.js';
import type { PageError } from './renderPage.js';

/** A dashboard filter's problems for the page's error summary (`PageFrame.errors`), each linked to its field. */
export function dashboardFilterErrors(form: DashboardForm): PageError[] {
  return form.problems.map((p) => ({
    text: `${DASHBOARD_FIELD_LABELS[p.path] ?? p.path}: ${p.message}`,
    fieldId: `f-${p.path}`,
  }));
}
