// `@sharehub/kit/web`: server-rendered pages: the escaping template, the page frame, security headers, sessions.
export { html, SafeHtml } from './web/html.js';
export { renderPage, type PageFrame } from './web/renderPage.js';
export { pageSecurityHeaders } from './web/pageSecurityHeaders.js';
export { refuseCrossSite } from './web/refuseCrossSite.js';
export { createPageSession, type PageSession, type PageSessionOptions } from './web/pageSession.js';
export { formatLondonTime } from './web/formatLondonTime.js';
export { pageErrorHandler, type PageErrorContext } from './web/pageErrorHandler.js';
