import { html, SafeHtml } from './html.js';

/** What a page shows around its content. */
export interface PageFrame {
  /** The browser's `<title>` (tabs, history, bookmarks): never personal data. */
  readonly title: string;
  /** The page's `<h1>`, when it differs from the title (e.g. the name of the child a notification is about). */
  readonly heading?: string;
  /** The service's name in the banner (e.g. "Inbox"). */
  readonly service: string;
  readonly nav?: ReadonlyArray<{ readonly href: string; readonly label: string; readonly current?: boolean }>;
  /** Who is signed in (the token's subject and org), with a sign-out button. */
  readonly signedInAs?: string;
  readonly signOutPath?: string;
  /** A one-line message after an action ("Acknowledged"), announced to screen readers. */
  readonly notice?: string;
}

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; color: #0b0c0c; line-height: 1.5; }
  a { color: #1d70b8; } a:focus, button:focus, input:focus, select:focus { outline: 3px solid #fd0; }
  .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fd0; }
  header { background: #0b0c0c; color: #fff; padding: .75rem 1rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
  header a { color: #fff; } header .who { margin-left: auto; }
  nav ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; }
  nav a[aria-current="page"] { font-weight: bold; text-decoration: none; }
  main { padding: 1rem; max-width: 72rem; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
  .overdue { color: #d4351c; font-weight: bold; } .tag { display: inline-block; padding: 0 .4rem; border: 1px solid currentColor; }
  .notice { border-left: 5px solid #00703c; padding: .5rem 1rem; background: #f3f2f1; }
  .error { border-left: 5px solid #d4351c; padding: .5rem 1rem; background: #f3f2f1; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; } dt { font-weight: bold; }
  form.inline { display: inline; } label { display: block; font-weight: bold; margin-top: .5rem; }
  button { font-size: 1rem; padding: .4rem .9rem; background: #00703c; color: #fff; border: 0; cursor: pointer; }
  button.secondary { background: #505a5f; } textarea { width: 100%; max-width: 48rem; }`;

/** A whole HTML page: banner, navigation, the signed-in caller, an optional notice, and the content. */
export function renderPage(frame: PageFrame, content: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${frame.title} · sharehub ${frame.service}</title>
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
          <strong>sharehub · ${frame.service}</strong>
          ${
            frame.nav
              ? html`<nav aria-label="Main">
                  <ul>
                    ${frame.nav.map(
                      (n) =>
                        html`<li>
                          <a href="${n.href}"${n.current ? html` aria-current="page"` : ''}>${n.label}</a>
                        </li>`,
                    )}
                  </ul>
                </nav>`
              : ''
          }
          ${
            frame.signedInAs
              ? html`<span class="who"
                  >Signed in as ${frame.signedInAs}
                  ${
                    frame.signOutPath
                      ? html`<form class="inline" method="post" action="${frame.signOutPath}">
                          <button class="secondary" type="submit">Sign out</button>
                        </form>`
                      : ''
                  }</span
                >`
              : ''
          }
        </header>
        <main id="main">
          ${frame.notice ? html`<p class="notice" role="status">${frame.notice}</p>` : ''}
          <h1>${frame.heading ?? frame.title}</h1>
          ${content}
        </main>
      </body>
    </html>`.markup;
}
