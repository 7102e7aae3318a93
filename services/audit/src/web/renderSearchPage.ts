import { AuditKindSymbols, type AuditRecord } from '@sharehub/schemas';
import { type FieldProblem } from '@sharehub/kit';
import { type Caller } from '@sharehub/kit/auth';
import { html, renderPage, type SafeHtml, formatLondonTime } from '@sharehub/kit/web';
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

// The kit's page style has no grid or hint styles; these few sit on the elements (the CSP allows inline styles).
const GRID = 'display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0 1.5rem';
const HINT = 'margin: 0; color: #505a5f; font-size: .9rem';
const LIST = 'margin: 0; padding-left: 1rem';
const INPUT = 'font-size: 1rem; padding: .3rem; width: 100%; max-width: 20rem; box-sizing: border-box';
const FIELD_ERROR = 'margin: 0; color: #d4351c; font-weight: bold';
const CAPTION = 'text-align: left; font-weight: bold; padding: .5rem 0';

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
    return html`<div>
      <label for="f-${name}">${label}</label>
      ${hint ? html`<p id="f-${name}-hint" style="${HINT}">${hint}</p>` : ''}
      ${problem ? html`<p id="f-${name}-error" style="${FIELD_ERROR}">${label}: ${formMessage(problem)}</p>` : ''}
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
          style="${INPUT}"
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
  const form = html`<form method="get" action="/ig" role="search" aria-label="Audit records">
    <fieldset>
      <legend>People and references</legend>
      <div style="${GRID}">${TEXT_FIELDS.map((f) => text(f.name, f.label, f.hint))}</div>
    </fieldset>
    <fieldset>
      <legend>What and when</legend>
      <div style="${GRID}">
        ${field(
          'kind',
          LABELS.kind!,
          null,
          (d) =>
            html`<select ${attrs('kind', d)} style="${INPUT}">
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
    <p><button type="submit">Search</button> <a href="/ig">Clear the search</a></p>
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
      <label for="sar-person">Person id</label>
      <input
        type="text"
        id="sar-person"
        name="personId"
        style="${INPUT}"
        value="${subject ?? ''}"
        required
        maxlength="200"
      />
      <label for="sar-format">Format</label>
      <select id="sar-format" name="format" style="${INPUT}">
        <option value="csv" selected>CSV (one row per record)</option>
        <option value="json">JSON</option>
      </select>
      <p><button type="submit">Download the export</button></p>
    </form>
  </section>`;
  return renderPage(
    igFrame('Search the audit log', view.caller, 'search'),
    html`${view.problems ? problemSummary(view.problems) : ''}
      <p>
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

function problemSummary(problems: readonly FieldProblem[]): SafeHtml {
  return html`<div class="error" role="alert" aria-labelledby="problems">
    <h2 id="problems">There is a problem with the search</h2>
    <ul>
      ${problems.map((p) =>
        LABELS[p.path]
          ? html`<li><a href="#f-${p.path}">${LABELS[p.path]}: ${formMessage(p)}</a></li>`
          : html`<li><code>${p.path}</code> ${p.message}</li>`,
      )}
    </ul>
  </div>`;
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
  return html`<section aria-labelledby="results">
    <h2 id="results">Results</h2>
    <table>
      <caption style="${CAPTION}">
        ${records.length} ${records.length === 1 ? 'record' : 'records'} matching the search, in log
        order${results.nextHref ? ' (more on the next page)' : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">When</th>
          <th scope="col">Area</th>
          <th scope="col">Recipient team</th>
          <th scope="col">Subjects</th>
          <th scope="col">Rules fired</th>
          <th scope="col">Record</th>
        </tr>
      </thead>
      <tbody>
        ${records.map(
          ({ leafIndex, record: r }) =>
            html`<tr>
              <td>${kindLabel(r.kind)}</td>
              <td><time datetime="${r.occurredAt}">${formatLondonTime(r.occurredAt, 'second')}</time></td>
              <td>${r.area ?? '—'}</td>
              <td>
                ${r.recipient ? html`${r.recipient.teamId}<br /><small>${r.recipient.service}</small>` : '—'}
              </td>
              <td>
                ${
                  r.subjectPersonIds.length === 0
                    ? '—'
                    : html`<ul style="${LIST}">
                        ${r.subjectPersonIds.map(
                          (id) =>
                            html`<li style="white-space: nowrap">
                              <a href="/ig?subject=${encodeURIComponent(id)}">${id}</a>
                            </li>`,
                        )}
                      </ul>`
                }
              </td>
              <td>
                ${
                  r.rulesFired.length === 0
                    ? '—'
                    : html`<ul style="${LIST}">
                        ${r.rulesFired.map((rule) => html`<li>${rule.ruleId} <small>(${rule.citation})</small></li>`)}
                      </ul>`
                }
              </td>
              <td style="white-space: nowrap">
                <a href="/ig/records/${encodeURIComponent(r.auditId)}">Record ${leafIndex}</a>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${paging}
  </section>`;
}
