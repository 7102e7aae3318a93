import type { Express, Request, Response } from 'express';
import { callerOf } from '@sharehub/kit/auth';
import { html, renderPage, type PageSession, type SafeHtml } from '@sharehub/kit/web';
import type { InboxOperations, NotificationView } from '../inboxOperations.js';
import { parseListQuery } from '../http/parseListQuery.js';
import { londonTime, PAYLOAD_LABELS, payloadValue, serviceLabel } from './format.js';
import { inboxFrame } from './pageFrame.js';

/** What the practitioners' pages need. */
export interface PageDeps {
  readonly ops: InboxOperations;
  readonly session: PageSession;
  readonly pageSize: { readonly default: number; readonly max: number };
  readonly auditUrl: string;
}

const subjectName = (n: NotificationView) =>
  [n.payload.subjectGivenName, n.payload.subjectFamilyName].filter(Boolean).join(' ') || n.subjectPersonId;

const dueCell = (n: NotificationView) =>
  html`${londonTime(n.dueBy)}${n.overdue ? html` <strong class="overdue tag">Overdue</strong>` : ''}`;

/** The practitioner's pages: the team's inbox (open, overdue, acknowledged), one notification, acknowledge. */
export function mountInboxPages(app: Express, deps: PageDeps): void {
  const { ops, session } = deps;
  const frame = (
    req: Request,
    res: Response,
    title: string,
    current: string,
    extra: { notice?: string; heading?: string } = {},
  ) => {
    const caller = callerOf(res);
    return inboxFrame(caller, title, current, {
      triage: ops.triageAreas(caller).length > 0,
      auditUrl: deps.auditUrl,
      ...extra,
    });
  };

  app.get('/', (_req, res) => res.redirect(303, '/inbox'));

  app.get('/inbox', session.requireCaller, async (req, res) => {
    const query = parseListQuery(req.query, deps.pageSize);
    const list = await ops.list(callerOf(res), query);
    const which = query.overdue ? 'Overdue' : query.status === 'acknowledged' ? 'Acknowledged' : 'Open';
    const current = query.overdue
      ? '/inbox?overdue=true'
      : query.status === 'acknowledged'
        ? '/inbox?status=acknowledged'
        : '/inbox';
    const nextHref = list.nextCursor
      ? `/inbox?${new URLSearchParams({
          status: query.status,
          ...(query.overdue ? { overdue: 'true' } : {}),
          cursor: list.nextCursor,
        }).toString()}`
      : null;
    const body: SafeHtml =
      list.items.length === 0
        ? html`<p>No ${which.toLowerCase()} notifications for ${list.teamId}.</p>`
        : html`<table>
              <caption>
                ${which} notifications for ${list.teamId}, most urgent first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Due</th>
                  <th scope="col">About</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Source</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                ${list.items.map(
                  (n) =>
                    html`<tr data-notification-id="${n.notificationId}">
                      <td>${dueCell(n)}</td>
                      <td>
                        <a href="/inbox/items/${encodeURIComponent(n.notificationId)}">${subjectName(n)}</a>
                        ${n.flags.map((f) => html` <span class="tag">${f}</span>`)}
                      </td>
                      <td>
                        ${n.shareKind === 'REFERRAL' ? 'Referral' : 'Notification'}${n.isRepeatMarac ? ' (repeat MARAC)' : ''}
                      </td>
                      <td>${n.source.ref}</td>
                      <td>
                        ${n.status === 'OPEN' ? 'Open' : html`Acknowledged ${londonTime(n.acknowledgedAt)}`}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
            ${nextHref ? html`<p><a href="${nextHref}">Next page</a></p>` : ''}`;
    res.type('html').send(renderPage(frame(req, res, `${which} notifications`, current), body));
  });

  app.get('/inbox/items/:notificationId', session.requireCaller, async (req, res) => {
    const n = await ops.get(callerOf(res), String(req.params.notificationId));
    const notice = req.query.done === 'acknowledged' ? 'Acknowledged. The sender has been told.' : undefined;
    // The child's name heads the page but stays out of the title (tabs, history, bookmarks, screen shares).
    const framed = frame(req, res, 'Notification', '', {
      heading: subjectName(n),
      ...(notice ? { notice } : {}),
    });
    res.type('html').send(renderPage(framed, notificationDetail(n)));
  });

  app.post('/inbox/items/:notificationId/acknowledge', session.requireCaller, async (req, res) => {
    const id = String(req.params.notificationId);
    await ops.acknowledge(callerOf(res), id);
    res.redirect(303, `/inbox/items/${encodeURIComponent(id)}?done=acknowledged`);
  });
}

function notificationDetail(n: NotificationView): SafeHtml {
  const shown = PAYLOAD_LABELS.filter(([field]) => {
    const v = (n.payload as unknown as Record<string, unknown>)[field];
    return v !== null && v !== undefined;
  });
  return html` <dl>
      <dt>Status</dt>
      <dd>
        ${n.status === 'OPEN' ? 'Open' : html`Acknowledged by ${n.acknowledgedBy} at ${londonTime(n.acknowledgedAt)}`}
      </dd>
      <dt>Due</dt>
      <dd>${dueCell(n)}</dd>
      <dt>Kind</dt>
      <dd>
        ${n.shareKind === 'REFERRAL' ? 'Referral' : 'Notification'} to ${serviceLabel(n.service)}
        (${n.teamId})
      </dd>
      <dt>Source</dt>
      <dd>${n.source.type} ${n.source.ref}</dd>
      <dt>Repeat MARAC</dt>
      <dd>${n.isRepeatMarac ? 'Yes' : 'No'}</dd>
      ${
        n.flags.length > 0
          ? html`<dt>Flags</dt>
              <dd>${n.flags.join(', ')}</dd>`
          : ''
      }
      <dt>Consent</dt>
      <dd>
        ${n.consent.status}${n.consent.reason ? html` — ${n.consent.reason}` : ''}${
          n.consent.basis ? html`<br />Shared on the basis of: ${n.consent.basis}` : ''
        }
      </dd>
      <dt>Lawful basis</dt>
      <dd>${n.lawfulBasis}</dd>
      ${
        n.escalatedAt
          ? html`<dt>Escalated</dt>
              <dd class="overdue">${londonTime(n.escalatedAt)}</dd>`
          : ''
      }
    </dl>
    <h2>Why it was shared</h2>
    <ul>
      ${n.rationale.map((r) => html`<li><strong>${r.ruleId}</strong>: ${r.text} <em>(${r.citation})</em></li>`)}
    </ul>
    <h2>What you may see</h2>
    <dl>
      ${shown.map(
        ([field, label]) =>
          html`<dt>${label}</dt>
            <dd>${payloadValue((n.payload as unknown as Record<string, unknown>)[field])}</dd>`,
      )}
    </dl>
    ${
      n.status === 'OPEN'
        ? html`<form method="post" action="/inbox/items/${encodeURIComponent(n.notificationId)}/acknowledge">
            <button type="submit">Acknowledge</button>
          </form>`
        : ''
    }
    <p><a href="/inbox">Back to the inbox</a></p>`;
}
