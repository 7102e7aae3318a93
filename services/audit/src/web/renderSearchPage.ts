import { AuditKindSymbols, type AuditRecord } from '@sharehub/schemas';
import { type FieldProblem } from '@sharehub/kit';
import { type Caller } from '@sharehub/kit/auth';
import {
  html,
  renderPage,
  renderTable,
  type PageError,
  type SafeHtml,
  formatLondonTime,
} from '@sharehub/kit/web';
import { igFrame } from './igFrame.js';
import { kindLabel } from './kindLabel.js';

/** What the search page shows: the form as filled in, and either its problems or one page of results. */
export interface SearchPageView {
  readonly caller: Caller;
  readonly values: Readonly<Record<string, string>>;
  readonly problems: readonly FieldProblem[] | null;
  readonly results: {
    readonly records: ReadonlyArray<{ readonly leafIndex: number; readonly record: AuditRecord }>;
    /** The href of the next page, null on the last. */
    readonly nextHref: string | null;
    /** The href of the first page, when this is a later one. */
    readonly firstHref: string | null;
  } | null;
}

const TEXT_FIELDS = [
  { name: 'subject', label: 'Subject person id', hint: 'A child, victim or perpetrator the record names' },
  { name: 'incidentRef', label: 'Incident reference', hint: 'The police incident number' },
  { name: 'carePlanRef', label: 'Care plan reference', hint: null },
  { name: 'maracCaseRef', label: 'MARAC case reference', hint: null },
  { name: 'team', label: 'Recipient team', hint: 'The team id a share went to' },
] as const;
const LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(TEXT_FIELDS.map((f) => [f.name, f.label])),
  kind: 'Decision or kind of record',
  from: 'From',
  to: 'Before',
};

/** The `/ig` page: the search form (every field labelled), its problems, and a page of results as a table. */
export function renderSearchPage(view: SearchPageView): string {
  const problemOf = (name: string) => view.problems?.find((p) => p.path === name);
  const field = (
    name: string,
    label: string,
    hint: string | null,
    input: (describedBy: string) => SafeHtml,
  ) => {
    const problem = problemOf(name);
    const describedBy = [hint ? `f-${name}-hint` : '', problem ? `f-${name}-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`<div class="nhsuk-form-group${problem ? ' nhsuk-form-group--error' : ''}">
      <label class="nhsuk-label" for="f-${name}">${label}</label>
      ${hint ? html`<div class="nhsuk-hint" id="f-${name}-hint">${hint}</div>` : ''}
      ${
        problem
          ? html`<span class="nhsuk-error-message" id="f-${name}-error"
              ><span class="nhsuk-u-visually-hidden">Error:</span> ${label}: ${formMessage(problem)}</span
            >`
          : ''
      }
      ${input(describedBy)}
    </div>`;
  };
  const attrs = (name: string, describedBy: string) =>
    html`id="f-${name}"
    name="${name}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${
      problemOf(name) ? html` aria-invalid="true"` : ''
    }`;
  /** A text or UK-time input of the form, with its label, hint and problem. */
  const input = (name: string, label: string, hint: string | null, type: 'text' | 'datetime-local') =>
    field(
      name,
      label,
      hint,
      (d) =>
        html`<input
          type="${type}"
          ${attrs(name, d)}
          class="nhsuk-input${problemOf(name) ? ' nhsuk-input--error' : ''}"
          value="${view.values[name] ?? ''}"${
            type === 'text'
              ? html`
          maxlength="200"`
              : ''
          }
        />`,
    );
  const text = (name: string, label: string, hint: string | null) => input(name, label, hint, 'text');
  const when = (name: 'from' | 'to', label: string, hint: string) =>
    input(name, label, hint, 'datetime-local');
  const kind = view.values.kind ?? '';
  const form = html`<form method="get" action="/ig" role="search" aria-label="Audit records" novalidate>
    <fieldset class="nhsuk-fieldset">
      <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">People and references</legend>
      <div>${TEXT_FIELDS.map((f) => text(f.name, f.label, f.hint))}</div>
    </fieldset>
    <fieldset class="nhsuk-fieldset">
      <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">What and when</legend>
      <div>
        ${field(
          'kind',
          LABELS.kind!,
          null,
          (d) =>
            html`<select ${attrs('kind', d)} class="nhsuk-select">
              <option value="" ${kind === '' ? html` selected` : ''}>Any kind</option>
              ${AuditKindSymbols.map(
                (k) =>
                  html`<option value="${k}" ${kind === k ? html` selected` : ''}>
                    ${kindLabel(k)} (${k})
                  </option>`,
              )}
              ${
                kind !== '' && !(AuditKindSymbols as readonly string[]).includes(kind)
                  ? html`<option value="${kind}" selected>${kind}</option>`
                  : ''
              }
            </select>`,
        )}
        ${when('from', LABELS.from!, 'UK time; records at or after it')}
        ${when('to', LABELS.to!, 'UK time; records before it')}
      </div>
    </fieldset>
    <div class="nhsuk-button-group">
      <button class="nhsuk-button" type="submit">Search</button>
      <a class="nhsuk-link" href="/ig">Clear the search</a>
    </div>
  </form>`;
  const subject = view.values.subject;
  const access = html`<section aria-labelledby="sar">
    <h2 id="sar">Subject access export</h2>
    ${
      subject
        ? html`<p>
            Everything the log holds about <strong>${subject}</strong>:
            <a href="${exportHref(subject, 'csv')}" download>download as CSV</a> or
            <a href="${exportHref(subject, 'json')}" download>as JSON</a>.
          </p>`
        : ''
    }
    <form method="get" action="/ig/subject-access">
      <div class="nhsuk-form-group">
        <label class="nhsuk-label" for="sar-person">Person id</label>
        <input
          class="nhsuk-input nhsuk-input--width-20"
          type="text"
          id="sar-person"
          name="personId"
          value="${subject ?? ''}"
          required
          maxlength="200"
        />
      </div>
      <div class="nhsuk-form-group">
        <label class="nhsuk-label" for="sar-format">Format</label>
        <select class="nhsuk-select" id="sar-format" name="format">
          <option value="csv" selected>CSV (one row per record)</option>
          <option value="json">JSON</option>
        </select>
      </div>
      <button class="nhsuk-button nhsuk-button--secondary" type="submit">Download the export</button>
    </form>
  </section>`;
  return renderPage(
    {
      ...igFrame('Search the audit log', view.caller, 'search'),
      ...(view.problems ? { errors: pageErrors(view.problems) } : {}),
    },
    html`<p>
        Every decision, share, triage item, acknowledgement and refused access, in log order. Fill in any
        fields; a record must match all of them.
      </p>
      ${form} ${view.results ? resultsTable(view.results) : ''} ${access}`,
  );
}

/** The page's link to a subject access export (the cookie session signs it, like every IG page). */
export function exportHref(personId: string, format: 'csv' | 'json'): string {
  return `/ig/subject-access/${encodeURIComponent(personId)}?format=${format}`;
}

/** The API's words for a time without an offset; the form's date and time fields never ask for one. */
function formMessage(problem: FieldProblem): string {
  return (problem.path === 'from' || problem.path === 'to') &&
    problem.message.startsWith('must be an ISO-8601')
    ? 'must be a date and time, such as 14/03/2026 23:40 (UK time)'
    : problem.message;
}

/** The search's problems for the page's error summary, each linked to its field. */
function pageErrors(problems: readonly FieldProblem[]): PageError[] {
  return problems.map((p) =>
    LABELS[p.path]
      ? { text: `${LABELS[p.path]}: ${formMessage(p)}`, fieldId: `f-${p.path}` }
      : { text: `${p.path} ${p.message}` },
  );
}

function resultsTable(results: NonNullable<SearchPageView['results']>): SafeHtml {
  const { records } = results;
  const paging =
    results.nextHref || results.firstHref
      ? html`<nav aria-label="Pages of results">
          <p>
            ${results.firstHref ? html`<a href="${results.firstHref}">First page</a>` : ''}
            ${results.nextHref ? html`<a href="${results.nextHref}" rel="next">Next page</a>` : ''}
          </p>
        </nav>`
      : '';
  if (records.length === 0)
    return html`<section aria-labelledby="results">
      <h2 id="results">Results</h2>
      <p>No records match the search.</p>
      ${paging}
    </section>`;
  const list = (items: readonly SafeHtml[]) =>
    items.length === 0
      ? '—'
      : html`<ul class="nhsuk-list">${items.map((item) => html`<li>${item}</li>`)}</ul>`;
  return html`<section aria-labelledby="results">
    <h2 id="results">Results</h2>
    ${renderTable({
      id: 'results-table',
      caption: `${records.length} ${records.length === 1 ? 'record' : 'records'} matching the search, in log order${results.nextHref ? ' (more on the next page)' : ''}`,
      head: ['Kind', 'When', 'Area', 'Recipient team', 'Subjects', 'Rules fired', 'Record'],
      rows: records.map(({ leafIndex, record: r }) => [
        kindLabel(r.kind),
        html`<time datetime="${r.occurredAt}">${formatLondonTime(r.occurredAt, 'second')}</time>`,
        r.area ?? '—',
        r.recipient ? html`${r.recipient.teamId}<br /><small>${r.recipient.service}</small>` : '—',
        list(r.subjectPersonIds.map((id) => html`<a href="/ig?subject=${encodeURIComponent(id)}">${id}</a>`)),
        list(r.rulesFired.map((rule) => html`${rule.ruleId} <small>(${rule.citation})</small>`)),
        html`<a href="/ig/records/${encodeURIComponent(r.auditId)}">Record ${leafIndex}</a>`,
      ]),
    })}
    ${paging}
  </section>`;
}
