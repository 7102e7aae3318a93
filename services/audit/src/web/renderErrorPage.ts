import { type Caller } from '@sharehub/kit/auth';
import { type Problem } from '@sharehub/kit/http';
import { html, renderPage } from '@sharehub/kit/web';
import { igFrame } from './igFrame.js';

const TITLES: Readonly<Record<number, string>> = {
  400: 'The request is not valid',
  403: 'You cannot see the audit log',
  404: 'Page not found',
};

/** The HTML twin of a problem document, for the IG pages: what went wrong, its stable code, and a way back. */
export function renderErrorPage(problem: Problem, caller: Caller | undefined): string {
  const title = TITLES[problem.status] ?? 'Something went wrong';
  const explanation =
    problem.status === 403
      ? html`<p>
            The IG pages are for auditors
            only${
              caller
                ? html`, and you are signed in as ${caller.subject} with the role ${caller.roles.join(', ')}`
                : ''
            }.
            This refusal has been recorded in the audit log.
          </p>
          <p>Sign out and sign in again with an auditor’s token if you have one.</p>`
      : problem.status >= 500
        ? html`<p>The service could not answer; it has been logged. Try again shortly.</p>`
        : html`<p>${problem.detail}.</p>`;
  return renderPage(
    igFrame(title, caller, problem.status === 403 ? 'none' : undefined),
    html`${explanation}
      ${
        problem.errors && problem.errors.length > 0
          ? html`<ul class="nhsuk-list nhsuk-list--bullet">
              ${problem.errors.map((e) => html`<li><code>${e.path}</code> ${e.message}</li>`)}
            </ul>`
          : ''
      }
      <p>
        <small>Code: <code>${problem.code}</code></small>
      </p>
      ${problem.status === 403 ? '' : html`<p><a href="/ig">Go to the search</a></p>`}`,
  );
}
