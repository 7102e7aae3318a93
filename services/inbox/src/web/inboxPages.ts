import type { Express, Request, Response } from 'express';
import { callerOf } from '@sharehub/kit/auth';
import {
  html,
  renderPage,
  renderSummaryList,
  renderTable,
  renderTag,
  type PageSession,
  type SafeHtml,
} from '@sharehub/kit/web';
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
  html`${londonTime(n.dueBy)}${n.overdue ? html` ${renderTag('Overdue', 'red')}` : ''}`;

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
        : html`${renderTable({
            id: 'notifications',
            caption: `${which} notifications for ${list.teamId}, most urgent first`,
            head: ['Due', 'About', 'Kind', 'Source', 'Status'],
            rows: list.items.map((n) => [
              dueCell(n),
              html`<a href="/inbox/items/${encodeURIComponent(n.notificationId)}">${subjectName(n)}</a>
                ${n.flags.map((f) => html` ${renderTag(f, 'white')}`)}`,
              `${n.shareKind === 'REFERRAL' ? 'Referral' : 'Notification'}${n.isRepeatMarac ? ' (repeat MARAC)' : ''}`,
              n.source.ref,
              n.status === 'OPEN'
                ? renderTag('Open', 'blue')
                : html`${renderTag('Acknowledged', 'green')} ${londonTime(n.acknowledgedAt)}`,
            ]),
            rowAttributes: (r) => ({ 'data-notification-id': list.items[r]!.notificationId }),
          })}
            ${nextHref ? html`<p><a class="nhsuk-link" href="${nextHref}">Next page</a></p>` : ''}`;
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
  return html`${renderSummaryList([
    [
      'Status',
      n.status === 'OPEN'
        ? renderTag('Open', 'blue')
        : html`${renderTag('Acknowledged', 'green')} by ${n.acknowledgedBy} at ${londonTime(n.acknowledgedAt)}`,
    ],
    ['Due', dueCell(n)],
    [
      'Kind',
      `${n.shareKind === 'REFERRAL' ? 'Referral' : 'Notification'} to ${serviceLabel(n.service)} (${n.teamId})`,
    ],
    ['Source', `${n.source.type} ${n.source.ref}`],
    ['Repeat MARAC', n.isRepeatMarac ? 'Yes' : 'No'],
    ['Flags', n.flags.length > 0 ? n.flags.join(', ') : null],
    [
      'Consent',
      html`${n.consent.status}${n.consent.reason ? html` — ${n.consent.reason}` : ''}${
        n.consent.basis ? html`<br />Shared on the basis of: ${n.consent.basis}` : ''
      }`,
    ],
    ['Lawful basis', n.lawfulBasis],
    [
      'Escalated',
      n.escalatedAt ? html`${renderTag('Escalated', 'orange')} ${londonTime(n.escalatedAt)}` : null,
    ],
  ])}
    <h2 class="nhsuk-heading-m">Why it was shared</h2>
    <ul class="nhsuk-list nhsuk-list--bullet">
      ${n.rationale.map((r) => html`<li><strong>${r.ruleId}</strong>: ${r.text} <em>(${r.citation})</em></li>`)}
    </ul>
    <h2 class="nhsuk-heading-m">What you may see</h2>
    ${renderSummaryList(
      shown.map(
        ([field, label]) =>
          [label, payloadValue((n.payload as unknown as Record<string, unknown>)[field])] as const,
      ),
    )}
    ${
      n.status === 'OPEN'
        ? html`<form method="post" action="/inbox/items/${encodeURIComponent(n.notificationId)}/acknowledge">
            <button class="nhsuk-button" type="submit">Acknowledge</button>
          </form>`
        : ''
    }
    <p><a class="nhsuk-link" href="/inbox">Back to the inbox</a></p>`;
}
