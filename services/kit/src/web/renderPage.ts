import type { SafeHtml } from './html.js';
import { html } from './html.js';
import { PAGE_STYLESHEET_PATH } from './mountPageAssets.js';

/** One problem an error summary lists: its text, and the id of the field it is about (the link's target). */
export interface PageError {
  readonly text: string;
  /** The id of the form field the problem is about, when there is one (`#id` is linked). */
  readonly fieldId?: string;
}

/** What a page shows around its content. */
export interface PageFrame {
  /** The browser's `<title>` (tabs, history, bookmarks): never personal data. */
  readonly title: string;
  /** The page's `<h1>`, when it differs from the title (e.g. the name of the child a notification is about). */
  readonly heading?: string;
  /** The service's name in the header (e.g. "Inbox"). */
  readonly service: string;
  readonly nav?: ReadonlyArray<{ readonly href: string; readonly label: string; readonly current?: boolean }>;
  /** Who is signed in (the token's subject and org), with a sign-out button. */
  readonly signedInAs?: string;
  readonly signOutPath?: string;
  /** A one-line message after an action ("Acknowledged"), announced to screen readers. */
  readonly notice?: string;
  /** Problems with what was asked: an NHS error summary above the heading ("Error: " is added to the title). */
  readonly errors?: readonly PageError[];
}

/**
 * A whole HTML page in the NHS.UK design system (`nhsuk-frontend`, served by the service itself under `/assets`):
 * skip link, header with the service name, the signed-in caller and a sign-out button, navigation, an optional
 * notice or error summary, the `<main>` landmark with the page's heading and content, and the footer. No script:
 * every action is a link or a form that posts.
 */
export function renderPage(frame: PageFrame, content: SafeHtml): string {
  const errors = frame.errors ?? [];
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${errors.length > 0 ? 'Error: ' : ''}${frame.title} · sharehub ${frame.service}</title>
        <link rel="stylesheet" href="${PAGE_STYLESHEET_PATH}" />
        <link rel="icon" href="/assets/images/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
        <header class="nhsuk-header" role="banner">
          <div class="nhsuk-header__container nhsuk-width-container">
            <div class="nhsuk-header__service">
              <span class="nhsuk-header__service-name">sharehub · ${frame.service}</span>
            </div>
            ${
              frame.signedInAs
                ? html`<nav class="nhsuk-header__account" aria-label="Account">
                    <ul class="nhsuk-header__account-list">
                      <li class="nhsuk-header__account-item">Signed in as ${frame.signedInAs}</li>
                      ${
                        frame.signOutPath
                          ? html`<li class="nhsuk-header__account-item">
                              <form class="nhsuk-header__account-form" method="post" action="${frame.signOutPath}">
                                <button class="nhsuk-header__account-button" type="submit">Sign out</button>
                              </form>
                            </li>`
                          : ''
                      }
                    </ul>
                  </nav>`
                : ''
            }
          </div>
          ${
            frame.nav && frame.nav.length > 0
              ? html`<nav class="nhsuk-header__navigation" aria-label="Main">
                  <div class="nhsuk-header__navigation-container nhsuk-width-container">
                    <ul class="nhsuk-header__navigation-list">
                      ${frame.nav.map(
                        (n) =>
                          html`<li class="nhsuk-header__navigation-item">
                            <a class="nhsuk-header__navigation-link" href="${n.href}"${n.current ? html` aria-current="page"` : ''}>${n.label}</a>
                          </li>`,
                      )}
                    </ul>
                  </div>
                </nav>`
              : ''
          }
        </header>
        <div class="nhsuk-width-container">
          <main class="nhsuk-main-wrapper" id="maincontent">
            <div class="nhsuk-grid-row">
              <div class="nhsuk-grid-column-full">
                ${errors.length > 0 ? errorSummary(errors) : ''}
                ${
                  frame.notice
                    ? html`<div class="nhsuk-notification-banner nhsuk-notification-banner--success" role="status" aria-labelledby="notice-title">
                        <div class="nhsuk-notification-banner__header">
                          <h2 class="nhsuk-notification-banner__title" id="notice-title">Success</h2>
                        </div>
                        <div class="nhsuk-notification-banner__content">
                          <p class="nhsuk-notification-banner__heading">${frame.notice}</p>
                        </div>
                      </div>`
                    : ''
                }
                <h1 class="nhsuk-heading-l">${frame.heading ?? frame.title}</h1>
                ${content}
              </div>
            </div>
          </main>
        </div>
        <footer class="nhsuk-footer" role="contentinfo">
          <div class="nhsuk-width-container">
            <div class="nhsuk-footer__meta">
              <p class="nhsuk-body-s">sharehub · information sharing for safeguarding</p>
            </div>
          </div>
        </footer>
      </body>
    </html>`.markup;
}

/** The NHS error summary: "There is a problem" and each problem, linked to its field when it has one. */
function errorSummary(errors: readonly PageError[]): SafeHtml {
  return html`<div class="nhsuk-error-summary">
    <div role="alert">
      <h2 class="nhsuk-error-summary__heading">There is a problem</h2>
      <div class="nhsuk-error-summary__body">
        <ul class="nhsuk-list nhsuk-error-summary__list">
          ${errors.map((e) => html`<li>${e.fieldId ? html`<a href="#${e.fieldId}">${e.text}</a>` : e.text}</li>`)}
        </ul>
      </div>
    </div>
  </div>`;
}
