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
    expect(page).toContain('<h1>Inbox &lt;1&gt;</h1>');
    expect(page).toContain('role="status">Done &amp; dusted</p>');
    expect(page).toContain('<a href="/inbox" aria-current="page">Open</a>');
    expect(page).toContain('<a class="skip" href="#main">');
    expect(page).toContain('<html lang="en-GB">');
  });
});
