import type { ErrorRequestHandler } from 'express';
import { SharehubError, ValidationError, type Logger } from '@sharehub/kit';
import {
  html,
  pageErrorHandler as kitPageErrorHandler,
  renderPage,
  type PageErrorContext,
} from '@sharehub/kit/web';

/**
 * Errors on the web pages answer an HTML page with the same status and reason the API would give (the API keeps its
 * problem+json); anything else goes on to the problem handler.
 */
export function pageErrorHandler(logger: Logger): ErrorRequestHandler {
  return kitPageErrorHandler(logger, renderInboxErrorPage, (req) => req.path.startsWith('/v1/'));
}

/** The inbox's error page: the reason, its code, and every field problem. */
function renderInboxErrorPage({ problem, err }: PageErrorContext): string {
  const detail =
    err instanceof SharehubError
      ? problem.detail
      : 'Something went wrong; it has been logged. Try again shortly.';
  const fields = err instanceof ValidationError ? err.problems : [];
  return renderPage(
    {
      title:
        problem.status === 403 ? 'Not allowed' : problem.status === 404 ? 'Not found' : 'Something is wrong',
      service: 'Inbox',
    },
    html`<div class="nhsuk-error-summary">
        <div role="alert">
          <h2 class="nhsuk-error-summary__heading">There is a problem</h2>
          <div class="nhsuk-error-summary__body">
            <p>${detail} <code>${problem.code}</code></p>
          </div>
        </div>
      </div>
      ${
        fields.length > 0
          ? html`<ul class="nhsuk-list nhsuk-list--bullet">
              ${fields.map((f) => html`<li><code>${f.path}</code>: ${f.message}</li>`)}
            </ul>`
          : ''
      }
      <p><a class="nhsuk-link" href="/inbox">Back to the inbox</a></p>`,
  );
}
