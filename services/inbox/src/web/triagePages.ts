import express, { type Express } from 'express';
import { callerOf } from '@sharehub/kit/auth';
import {
  html,
  renderPage,
  renderSummaryList,
  renderTable,
  renderTag,
  type SafeHtml,
} from '@sharehub/kit/web';
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
        : html`${renderTable({
            id: 'triage-queue',
            caption: 'Routes the hub could not resolve, most urgent first',
            head: ['Due', 'About', 'Route', 'Why', 'Source', 'Status'],
            rows: queue.items.map((t) => [
              londonTime(t.item.dueBy),
              html`<a href="/triage/items/${encodeURIComponent(t.item.triageId)}">${subjectOf(t)}</a>`,
              t.item.route,
              t.item.reason,
              `${t.item.area} · ${t.item.source.ref}`,
              t.assignment
                ? renderTag(`Assigned to ${t.assignment.teamId}`, 'green')
                : renderTag('Waiting', 'grey'),
            ]),
            rowAttributes: (r) => ({ 'data-triage-id': queue.items[r]!.item.triageId }),
          })}
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
    const body = html`${renderSummaryList([
      ['Route', t.route],
      ['Why it needs a person', t.reason],
      ['Due', londonTime(t.dueBy)],
      ['Source', `${t.source.type} ${t.source.ref} (${t.area})`],
      ['Consent', t.consent?.status ?? 'NOT_RECORDED'],
      ['Rules fired', t.rationale.map((r) => r.ruleId).join(', ')],
    ])}
      <h2 class="nhsuk-heading-m">What the hub knows</h2>
      ${renderSummaryList(
        fields.map(
          ([f, label]) =>
            [label, payloadValue((t.payload as unknown as Record<string, unknown>)[f])] as const,
        ),
      )}
      ${
        held.assignment
          ? html`<p>
              Assigned to <strong>${held.assignment.teamId}</strong> by ${held.assignment.assignedBy} at
              ${londonTime(held.assignment.assignedAt)}.
            </p>`
          : html`<form method="post" action="/triage/items/${encodeURIComponent(t.triageId)}/assign">
              <div class="nhsuk-form-group">
              <label class="nhsuk-label" for="teamId">Send it to</label>
              <select class="nhsuk-select" id="teamId" name="teamId" required>
                <option value="">Choose a team</option>
                ${teams.map((team) => html`<option value="${team.teamId}">${team.name} — ${serviceLabel(team.service)}</option>`)}
              </select>
              </div>
              <button class="nhsuk-button" type="submit">Assign</button>
            </form>`
      }
      <p><a class="nhsuk-link" href="/triage">Back to the queue</a></p>`;
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
