import type { AuditRecord } from '@sharehub/schemas';
import { type Caller } from '@sharehub/kit/auth';
import { html, renderPage, type SafeHtml, formatLondonTime } from '@sharehub/kit/web';
import { igFrame } from './igFrame.js';
import { kindLabel } from './kindLabel.js';
import { exportHref } from './renderSearchPage.js';
import type { RecordProofStatus } from './verifyRecordProof.js';

/** What the record page shows: one record, where it sits in the log, and its proof status checked server-side. */
export interface RecordPageView {
  readonly caller: Caller;
  readonly record: AuditRecord;
  readonly leafIndex: number;
  readonly leafHash: string;
  readonly proof: RecordProofStatus;
}

const STATE = {
  VERIFIED: { label: 'Verified', colour: 'green' },
  PENDING: { label: 'Pending', colour: 'grey' },
  UNCHECKED: { label: 'Signature not checked', colour: 'grey' },
  FAILED: { label: 'Does not verify', colour: 'red' },
} as const;

/** The `/ig/records/:auditId` page: every field an IG officer needs, the proof status, and subject access links. */
export function renderRecordPage(view: RecordPageView): string {
  const r = view.record;
  const none = html`<span>None</span>`;
  const item = (term: string, value: SafeHtml | string | null | undefined) =>
    html`<div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">${term}</dt>
      <dd class="nhsuk-summary-list__value">${value === null || value === undefined || value === '' ? none : value}</dd>
    </div>`;
  const list = (values: readonly string[], each: (v: string) => SafeHtml | string = (v) => v) =>
    values.length === 0
      ? none
      : html`<ul class="nhsuk-list">
          ${values.map((v) => html`<li>${each(v)}</li>`)}
        </ul>`;
  const searchLink = (param: string, value: string) =>
    html`<a href="/ig?${param}=${encodeURIComponent(value)}">${value}</a>`;
  const ref = (x: { id: string; version: string; hash: string } | null) =>
    x ? html`${x.id} ${x.version}<br /><code>${x.hash}</code>` : null;

  const what = html`<section aria-labelledby="what">
    <h2 id="what">What happened</h2>
    <dl class="nhsuk-summary-list">
      ${item('Kind', html`${kindLabel(r.kind)} (<code>${r.kind}</code>)`)}
      ${item('When', html`<time datetime="${r.occurredAt}">${formatLondonTime(r.occurredAt, 'second')}</time>`)}
      ${item('Area', r.area)} ${item('Actor', r.actor)}
      ${item(
        'Source',
        r.source
          ? html`${r.source.type} ${r.source.ref}<br /><small>event ${r.source.eventId}</small>`
          : null,
      )}
      ${item(
        'Recipient',
        r.recipient ? html`${searchLink('team', r.recipient.teamId)} (${r.recipient.service})` : null,
      )}
      ${item(
        'Subjects',
        list(r.subjectPersonIds, (id) => searchLink('subject', id)),
      )}
      ${item('Data categories', r.dataCategories.join(', '))} ${item('Decision', r.decision)}
      ${item('Share kind', r.shareKind)}
      ${item('Decision id', r.decisionId ? searchLink('decisionId', r.decisionId) : null)}
      ${item('Notification id', r.notificationId)} ${item('Triage id', r.triageId)}
      ${item('Due by', r.dueBy ? html`<time datetime="${r.dueBy}">${formatLondonTime(r.dueBy, 'second')}</time>` : null)}
      ${item('Reason', r.reason)}
      ${item('Detail', r.detail ? html`<code>${r.detail}</code>` : null)}
      ${item('Audit id', html`<code>${r.auditId}</code>`)}
    </dl>
  </section>`;

  const why = html`<section aria-labelledby="why">
    <h2 id="why">Why: rules fired</h2>
    ${
      r.rulesFired.length === 0
        ? html`<p>No rule fired.</p>`
        : html`<table class="nhsuk-table">
            <caption class="nhsuk-table__caption">
              Rules that fired, with the protocol paragraph each comes from
            </caption>
            <thead class="nhsuk-table__head">
              <tr class="nhsuk-table__row">
                <th class="nhsuk-table__header" scope="col">Rule</th>
                <th class="nhsuk-table__header" scope="col">What it says</th>
                <th class="nhsuk-table__header" scope="col">Citation</th>
              </tr>
            </thead>
            <tbody class="nhsuk-table__body">
              ${r.rulesFired.map(
                (rule) =>
                  html`<tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">${rule.ruleId}</td>
                    <td class="nhsuk-table__cell">${rule.text}</td>
                    <td class="nhsuk-table__cell">${rule.citation}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${
      r.rulesEvaluated && r.rulesEvaluated.length > 0
        ? html`<table class="nhsuk-table">
            <caption class="nhsuk-table__caption">
              Every rule evaluated
            </caption>
            <thead class="nhsuk-table__head">
              <tr class="nhsuk-table__row">
                <th class="nhsuk-table__header" scope="col">Rule</th>
                <th class="nhsuk-table__header" scope="col">Fired</th>
                <th class="nhsuk-table__header" scope="col">Why</th>
              </tr>
            </thead>
            <tbody class="nhsuk-table__body">
              ${r.rulesEvaluated.map(
                (e) =>
                  html`<tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">${e.ruleId}</td>
                    <td class="nhsuk-table__cell">${e.fired ? 'Yes' : 'No'}</td>
                    <td class="nhsuk-table__cell">${e.reason}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : ''
    }
  </section>`;

  const basis = html`<section aria-labelledby="basis">
    <h2 id="basis">Lawful basis and consent</h2>
    <dl class="nhsuk-summary-list">
      ${item('Lawful basis', r.lawfulBasis)}
      ${item(
        'Consent position',
        r.consent
          ? html`${r.consent.status}${r.consent.reason ? html`: ${r.consent.reason}` : ''}${
              r.consent.basis ? html`<br /><small>basis: ${r.consent.basis}</small>` : ''
            }`
          : null,
      )}
    </dl>
  </section>`;

  const inputs = html`<section aria-labelledby="inputs">
    <h2 id="inputs">What the decision was made with</h2>
    <dl class="nhsuk-summary-list">
      ${item('Ruleset', ref(r.ruleset))} ${item('Directory', ref(r.directory))}
      ${item(
        'History event ids',
        list(r.historyEventIds, (id) => html`<code>${id}</code>`),
      )}
    </dl>
  </section>`;

  const access = html`<section aria-labelledby="sar">
    <h2 id="sar">Subject access</h2>
    ${
      r.subjectPersonIds.length === 0
        ? html`<p>The record names nobody.</p>`
        : html`<ul>
            ${r.subjectPersonIds.map(
              (id) =>
                html`<li>
                  Everything the log holds about ${id}:
                  <a href="${exportHref(id, 'csv')}" download>CSV</a> ·
                  <a href="${exportHref(id, 'json')}" download>JSON</a>
                </li>`,
            )}
          </ul>`
    }
  </section>`;

  return renderPage(
    igFrame(`Audit record ${view.leafIndex}`, view.caller),
    html`<p><a href="/ig">Back to the search</a></p>
      ${proofSection(view)} ${what} ${why} ${basis} ${inputs} ${access}`,
  );
}

function proofSection(view: RecordPageView): SafeHtml {
  const p = view.proof;
  const cp = p.checkpoint;
  const state = STATE[p.state];
  const summary =
    p.state === 'VERIFIED'
      ? `The record is leaf ${view.leafIndex} of the log and the signed checkpoint of ${cp?.size} leaves includes it: the inclusion proof and the signature verify.`
      : p.state === 'PENDING'
        ? 'The record is in the log but not yet under a signed checkpoint; a checkpoint is signed every few seconds, so reload shortly.'
        : p.state === 'UNCHECKED'
          ? 'The inclusion proof verifies, but the service has no public key to check the checkpoint signature with.'
          : 'A check failed: the record, the index or the log may have been altered. Run npm run -s verify and tell the log owner.';
  const check = (ok: boolean | null, yes: string, no: string, pending = 'Not yet') =>
    ok === null ? pending : ok ? yes : html`<strong class="nhsuk-error-message">${no}</strong>`;
  return html`<section aria-labelledby="proof">
    <h2 id="proof">Proof in the log</h2>
    <p>
      <strong class="nhsuk-tag nhsuk-tag--${state.colour}" id="proof-state">${state.label}</strong>
      ${summary}
    </p>
    <dl class="nhsuk-summary-list">
      <div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">Leaf index</dt>
      <dd class="nhsuk-summary-list__value">${view.leafIndex}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">Leaf hash</dt>
      <dd class="nhsuk-summary-list__value">
        <code>${view.leafHash}</code><br />
        ${check(
          p.leafHashMatches,
          'Matches the hash of the record’s canonical bytes',
          'Does not match the hash of the record’s canonical bytes',
        )}
      </dd>
      </div>
      <div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">In the latest signed checkpoint</dt>
      <dd class="nhsuk-summary-list__value">
        ${
          cp
            ? p.inCheckpoint
              ? html`Yes: the checkpoint of ${cp.size} leaves, signed
                  <time datetime="${cp.timestamp}">${formatLondonTime(cp.timestamp, 'second')}</time>`
              : html`Not yet: the latest checkpoint covers ${cp.size} leaves`
            : 'Not yet: no checkpoint has been signed'
        }
      </dd>
      </div>
      <div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">Checkpoint root</dt>
      <dd class="nhsuk-summary-list__value">${cp ? html`<code>${cp.rootHash}</code>` : 'None yet'}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">Checkpoint signature</dt>
      <dd class="nhsuk-summary-list__value">
        ${
          p.signature === 'VERIFIED'
            ? html`Verifies (Ed25519) with key <code>${cp?.kid}</code>`
            : p.signature === 'INVALID'
              ? html`<strong class="nhsuk-error-message">Does not verify</strong> (key
                  <code>${cp?.kid}</code>): ${p.signatureProblem}`
              : p.signature === 'UNCHECKED'
                ? html`Not checked (no public keys); key <code>${cp?.kid}</code>`
                : 'No checkpoint yet'
        }
      </dd>
      </div>
      <div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">Inclusion proof</dt>
      <dd class="nhsuk-summary-list__value">
        ${check(
          p.inclusion === null ? null : p.inclusion === 'VERIFIED',
          `Verifies against the checkpoint root (RFC 9162, ${p.auditPath.length} ${p.auditPath.length === 1 ? 'hash' : 'hashes'})`,
          'Does not lead to the checkpoint root',
        )}
      </dd>
      </div>
    </dl>
    ${
      p.auditPath.length > 0
        ? html`<details class="nhsuk-details">
            <summary class="nhsuk-details__summary">
              <span class="nhsuk-details__summary-text">
                The audit path (${p.auditPath.length} ${p.auditPath.length === 1 ? 'hash' : 'hashes'})
              </span>
            </summary>
            <ol class="nhsuk-details__text">
              ${p.auditPath.map((h) => html`<li><code>${h}</code></li>`)}
            </ol>
          </details>`
        : ''
    }
  </section>`;
}
