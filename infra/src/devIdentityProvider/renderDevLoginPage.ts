import { html, renderPage } from '@sharehub/kit/web';
import type { DevAccount } from './devAccounts.js';

/**
 * The development provider's login page: a login name and the development password, with the people it knows listed
 * (a plain form, no script, labelled fields; it passes the browser tests' accessibility check like the hub's pages).
 */
export function renderDevLoginPage(
  action: string,
  accounts: readonly DevAccount[],
  options: { readonly error?: string; readonly login?: string } = {},
): string {
  return renderPage(
    { title: 'Sign in', service: 'development identity provider' },
    html`${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
      <form method="post" action="${action}">
        <label for="login">Login name</label>
        <input id="login" name="login" autocomplete="username" required value="${options.login ?? ''}" />
        <label for="password">Password</label>
        <p id="password-hint">For development every person's password is <code>sharehub-dev</code>.</p>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          aria-describedby="password-hint"
          required
        />
        <p><button type="submit">Sign in</button></p>
      </form>
      <h2>People</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Login name</th>
            <th scope="col">Who</th>
            <th scope="col">Role</th>
            <th scope="col">Areas</th>
          </tr>
        </thead>
        <tbody>
          ${accounts.map(
            (a) =>
              html`<tr>
                <td><code>${a.username}</code></td>
                <td>${a.description}</td>
                <td>${a.roles.join(', ')}</td>
                <td>${a.areas.join(', ')}</td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
}
