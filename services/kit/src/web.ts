// `@sharehub/kit/web`: server-rendered pages: the escaping template, the NHS.UK page frame and components, the
// design system's assets, security headers, sessions (a pasted token, or sign-in through an OpenID provider with
// server-side sessions), dashboard filters and figures (charts: `@sharehub/kit/charts`).
export { html, SafeHtml } from './web/html.js';
export { renderPage, type PageError, type PageFrame } from './web/renderPage.js';
export { mountPageAssets, PAGE_STYLESHEET_PATH } from './web/mountPageAssets.js';
export { renderTable, type TableView } from './web/renderTable.js';
export { renderSummaryList } from './web/renderSummaryList.js';
export { renderTag, type TagColour } from './web/renderTag.js';
export { renderFigure, type FigureView } from './web/renderFigure.js';
export { renderDashboardFilter } from './web/renderDashboardFilter.js';
export { dashboardFilterErrors } from './web/dashboardFilterErrors.js';
export { dashboardFormQuery, type DashboardForm } from './web/dashboardFormQuery.js';
export { pageSecurityHeaders } from './web/pageSecurityHeaders.js';
export { refuseCrossSite } from './web/refuseCrossSite.js';
export { createPageSession, type PageSession, type PageSessionOptions } from './web/pageSession.js';
export { formatLondonTime } from './web/formatLondonTime.js';
export { londonDay } from './web/londonDay.js';
export { londonWeek } from './web/londonWeek.js';
export { pageErrorHandler, type PageErrorContext } from './web/pageErrorHandler.js';
export type * from './ports/SessionStore.js';
export { InMemorySessionStore } from './adapters/InMemorySessionStore.js';
export { createOidcSignIn, type OidcSignIn, type OidcSignInOptions } from './web/createOidcSignIn.js';
export { pageSignInFromConfig, type PageSignIn } from './web/pageSignInFromConfig.js';
export {
  HOUR_MS,
  median,
  oneDecimal,
  acknowledgementFigure,
  triageQueueFigures,
  ACKNOWLEDGEMENT_COLUMNS,
  acknowledgementCells,
  type AcknowledgementCounts,
  type AcknowledgementRow,
  type TriageQueueFigure,
} from './web/figureArithmetic.js';
