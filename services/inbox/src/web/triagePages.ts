import express, { type Express } from 'express';
import { callerOf } from '@sharehub/kit/auth';
import { html, renderPage, type SafeHtml } from '@sharehub/kit/web';
import { parseTriageQuery } from '../http/parseListQuery.js';
import type { InboxTriageItem } from '../store/InboxStore.js';
import { londonTime, PAYLOAD_LABELS, payloadValue, serviceLabel } from './format.js';
import type { PageDeps } from './inboxPages.js';
import { inboxFrame } from './pageFrame.js';

const subjectOf = (t: InboxTriageItem) => {
  const p = t.item.payload;
  const name = p ? [p.subjectGivenName, p.subjectFamilyName].filter(Boolean).join(' ') : '';
  return name || t.item.subjectPersonId || 'The whole event (no subject)';
};

/** The Safeguarding Families team's pages: the triage queue, one item, and assigning it to a team. */
export function mountTriagePages(app: Express, deps: PageDeps): void {
  const { ops, session } = deps;

  app.get('/triage', session.requireCaller, async (req, res) => {
    const caller = callerOf(res);
    const query = parseTriageQuery(req.query, deps.pageSize);
    const queue = await ops.listTriage(caller, query);
    const body: SafeHtml =
      queue.items.length === 0
        ? html`<p>Nothing is waiting for triage.</p>`
        : html`<table>
              <caption>
                Routes the hub could not resolve, most urgent first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Due</th>
                  <th scope="col">About</th>
                  <th scope="col">Route</th>
                  <th scope="col">Why</th>
                  <th scope="col">Source</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                ${queue.items.map(
                  (t) =>
                    html`<tr data-triage-id="${t.item.triageId}">
                      <td>${londonTime(t.item.dueBy)}</td>
                      <td>
                        <a href="/triage/items/${encodeURIComponent(t.item.triageId)}">${subjectOf(t)}</a>
                      </td>
                      <td>${t.item.route}</td>
                      <td>${t.item.reason}</td>
                      <td>${t.item.area} · ${t.item.source.ref}</td>
                      <td>${t.assignment ? html`Assigned to ${t.assignment.teamId}` : 'Waiting'}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            ${queue.nextCursor ? html`<p><a href="/triage?${new URLSearchParams({ status: query.status, cursor: queue.nextCursor }).toString()}">Next page</a></p>` : ''}`;
    res
      .type('html')
      .send(
        renderPage(
          inboxFrame(caller, 'Triage queue', '/triage', { triage: true, auditUrl: deps.auditUrl }),
          body,
        ),
      );
  });

  app.get('/triage/items/:triageId', session.requireCaller, async (req, res) => {
    const caller = callerOf(res);
    const { held, teams } = await ops.getTriage(caller, String(req.params.triageId));
    const t = held.item;
    const fields = PAYLOAD_LABELS.filter(([f]) => {
      const v = t.payload ? (t.payload as unknown as Record<string, unknown>)[f] : null;
      return v !== null && v !== undefined;
    });
    const body = html` <dl>
        <dt>Route</dt>
        <dd>${t.route}</dd>
        <dt>Why it needs a person</dt>
        <dd>${t.reason}</dd>
        <dt>Due</dt>
        <dd>${londonTime(t.dueBy)}</dd>
        <dt>Source</dt>
        <dd>${t.source.type} ${t.source.ref} (${t.area})</dd>
        <dt>Consent</dt>
        <dd>${t.consent?.status ?? 'NOT_RECORDED'}</dd>
        <dt>Rules fired</dt>
        <dd>${t.rationale.map((r) => r.ruleId).join(', ')}</dd>
      </dl>
      <h2>What the hub knows</h2>
      <dl>
        ${fields.map(
          ([f, label]) =>
            html`<dt>${label}</dt>
              <dd>${payloadValue((t.payload as unknown as Record<string, unknown>)[f])}</dd>`,
        )}
      </dl>
      ${
        held.assignment
          ? html`<p>
              Assigned to <strong>${held.assignment.teamId}</strong> by ${held.assignment.assignedBy} at
              ${londonTime(held.assignment.assignedAt)}.
            </p>`
          : html`<form method="post" action="/triage/items/${encodeURIComponent(t.triageId)}/assign">
              <label for="teamId">Send it to</label>
              <select id="teamId" name="teamId" required>
                <option value="">Choose a team</option>
                ${teams.map((team) => html`<option value="${team.teamId}">${team.name} — ${serviceLabel(team.service)}</option>`)}
              </select>
              <p><button type="submit">Assign</button></p>
            </form>`
      }
      <p><a href="/triage">Back to the queue</a></p>`;
    const notice =
      req.query.done === 'assigned' ? 'Assigned. The team has been sent the notification.' : undefined;
    res.type('html').send(
      renderPage(
        inboxFrame(caller, 'Triage item', '', {
          heading: subjectOf(held),
          triage: true,
          auditUrl: deps.auditUrl,
          ...(notice ? { notice } : {}),
        }),
        body,
      ),
    );
  });

  app.post(
    '/triage/items/:triageId/assign',
    session.requireCaller,
    express.urlencoded({ extended: false, limit: '16kb' }),
    async (req, res) => {
      const id = String(req.params.triageId);
      const teamId = (req.body as { teamId?: unknown } | undefined)?.teamId;
      await ops.assign(callerOf(res), id, teamId);
      res.redirect(303, `/triage/items/${encodeURIComponent(id)}?done=assigned`);
    },
  );
}
