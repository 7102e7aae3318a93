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
    html`<p class="error" role="alert">${detail} <code>${problem.code}</code></p>
      ${
        fields.length > 0
          ? html`<ul>
              ${fields.map((f) => html`<li><code>${f.path}</code>: ${f.message}</li>`)}
            </ul>`
          : ''
      }
      <p><a href="/inbox">Back to the inbox</a></p>`,
  );
}
