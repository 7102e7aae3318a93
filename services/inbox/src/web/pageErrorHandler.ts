import type { ErrorRequestHandler } from 'express';
import { html, renderPage, SharehubError, toProblem, ValidationError, type Logger } from '@sharehub/kit';

/**
 * Errors on the web pages answer an HTML page with the same status and reason the API would give (the API keeps its
 * problem+json); anything else goes on to the problem handler.
 */
export function pageErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (req.path.startsWith('/v1/') || res.headersSent) return next(err);
    const problem = toProblem(err, req.path);
    if (problem.status >= 500)
      logger.error({ err, reqId: res.locals.reqId as string | undefined, path: req.path }, 'page failed');
    const detail =
      err instanceof SharehubError
        ? problem.detail
        : 'Something went wrong; it has been logged. Try again shortly.';
    const fields = err instanceof ValidationError ? err.problems : [];
    res
      .status(problem.status)
      .type('html')
      .send(
        renderPage(
          {
            title:
              problem.status === 403
                ? 'Not allowed'
                : problem.status === 404
                  ? 'Not found'
                  : 'Something is wrong',
            service: 'Inbox',
          },
          html`<div class="nhsuk-error-summary">
              <div role="alert">
                <h2 class="nhsuk-error-summary__heading">There is a problem</h2>
                <div class="nhsuk-error-summary__body"><p>${detail} <code>${problem.code}</code></p></div>
              </div>
            </div>
            ${
              fields.length > 0
                ? html`<ul class="nhsuk-list nhsuk-list--bullet">
                    ${fields.map((f) => html`<li><code>${f.path}</code>: ${f.message}</li>`)}
                  </ul>`
                : ''
            }
            <p><a href="/inbox">Back to the inbox</a></p>`,
        ),
      );
  };
}
