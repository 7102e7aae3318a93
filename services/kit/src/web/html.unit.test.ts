import { describe, expect, it } from 'vitest';
import { html } from './html.js';
import { renderPage } from './renderPage.js';

describe('html', () => {
  it('escapes every interpolated string, keeps nested fragments and arrays, drops null, undefined and false', () => {
    const name = '<script>alert("x")</script> & co';
    const out = html`<p title="${name}">${name}</p>${[html`<b>${1}</b>`, 'a<b']}${null}${undefined}${false}`;
    expect(out.markup).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</p><b>1</b>a&lt;b',
    );
  });

  it('a page escapes its title and notice, marks the current page, and has a skip link to main', () => {
    const page = renderPage(
      {
        title: 'Inbox <1>',
        service: 'Inbox',
        nav: [{ href: '/inbox', label: 'Open', current: true }],
        notice: 'Done & dusted',
      },
      html`<p>content</p>`,
    );
    const flat = page.replace(/\s+/g, ' ');
    expect(flat).toContain('<h1 class="nhsuk-heading-l">Inbox &lt;1&gt;</h1>');
    expect(flat).toContain('<title>Inbox &lt;1&gt; · sharehub Inbox</title>');
    expect(flat).toMatch(
      /role="status"[^>]*>.*<p class="nhsuk-notification-banner__heading">Done &amp; dusted<\/p>/,
    );
    expect(flat).toContain(
      '<a class="nhsuk-header__navigation-link" href="/inbox" aria-current="page">Open</a>',
    );
    expect(flat).toContain('<a class="nhsuk-skip-link" href="#maincontent">');
    expect(flat).toContain('<main class="nhsuk-main-wrapper" id="maincontent">');
    expect(flat).toContain('<link rel="stylesheet" href="/assets/nhsuk-frontend.min.css" />');
    expect(flat).toContain('<footer class="nhsuk-footer" role="contentinfo">');
    expect(flat).not.toContain('<style');
    expect(page).toContain('<html lang="en-GB">');
  });

  it('a page with errors opens with an NHS error summary linking each field, and says "Error" in its title', () => {
    const page = renderPage(
      {
        title: 'Dashboard',
        service: 'Audit',
        errors: [{ text: 'From: must be a date', fieldId: 'f-from' }, { text: 'No field <here>' }],
      },
      html`<p>content</p>`,
    ).replace(/\s+/g, ' ');
    expect(page).toContain('<title>Error: Dashboard · sharehub Audit</title>');
    expect(page).toContain(
      '<div class="nhsuk-error-summary"> <div role="alert"> <h2 class="nhsuk-error-summary__heading">There is a problem</h2>',
    );
    expect(page).toContain(
      '<li><a href="#f-from">From: must be a date</a></li><li>No field &lt;here&gt;</li>',
    );
    // The summary comes before the heading, so it is the first thing read.
    expect(page.indexOf('nhsuk-error-summary')).toBeLessThan(page.indexOf('<h1'));
  });
});
