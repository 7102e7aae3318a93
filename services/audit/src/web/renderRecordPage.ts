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

const LIST = 'margin: 0; padding-left: 1rem';
const CAPTION = 'text-align: left; font-weight: bold; padding: .5rem 0';
const HASH = 'overflow-wrap: anywhere; font-size: .95rem';
const STATE = {
  VERIFIED: { label: 'Verified', colour: '#00703c' },
  PENDING: { label: 'Pending', colour: '#505a5f' },
  UNCHECKED: { label: 'Signature not checked', colour: '#505a5f' },
  FAILED: { label: 'Does not verify', colour: '#d4351c' },
} as const;

/** The `/ig/records/:auditId` page: every field an IG officer needs, the proof status, and subject access links. */
export function renderRecordPage(view: RecordPageView): string {
  const r = view.record;
  const none = html`<span>None</span>`;
  const item = (term: string, value: SafeHtml | string | null | undefined) =>
    html`<dt>${term}</dt>
      <dd>${value === null || value === undefined || value === '' ? none : value}</dd>`;
  const list = (values: readonly string[], each: (v: string) => SafeHtml | string = (v) => v) =>
    values.length === 0
      ? none
      : html`<ul style="${LIST}">
          ${values.map((v) => html`<li>${each(v)}</li>`)}
        </ul>`;
  const searchLink = (param: string, value: string) =>
    html`<a href="/ig?${param}=${encodeURIComponent(value)}">${value}</a>`;
  const ref = (x: { id: string; version: string; hash: string } | null) =>
    x ? html`${x.id} ${x.version}<br /><code style="${HASH}">${x.hash}</code>` : null;

  const what = html`<section aria-labelledby="what">
    <h2 id="what">What happened</h2>
    <dl>
      ${item('Kind', html`${kindLabel(r.kind)} (<code style="${HASH}">${r.kind}</code>)`)}
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
      ${item('Detail', r.detail ? html`<code style="${HASH}">${r.detail}</code>` : null)}
      ${item('Audit id', html`<code style="${HASH}">${r.auditId}</code>`)}
    </dl>
  </section>`;

  const why = html`<section aria-labelledby="why">
    <h2 id="why">Why: rules fired</h2>
    ${
      r.rulesFired.length === 0
        ? html`<p>No rule fired.</p>`
        : html`<table>
            <caption style="${CAPTION}">
              Rules that fired, with the protocol paragraph each comes from
            </caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">What it says</th>
                <th scope="col">Citation</th>
              </tr>
            </thead>
            <tbody>
              ${r.rulesFired.map(
                (rule) =>
                  html`<tr>
                    <td>${rule.ruleId}</td>
                    <td>${rule.text}</td>
                    <td>${rule.citation}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${
      r.rulesEvaluated && r.rulesEvaluated.length > 0
        ? html`<table>
            <caption style="${CAPTION}">
              Every rule evaluated
            </caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Fired</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              ${r.rulesEvaluated.map(
                (e) =>
                  html`<tr>
                    <td>${e.ruleId}</td>
                    <td>${e.fired ? 'Yes' : 'No'}</td>
                    <td>${e.reason}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : ''
    }
  </section>`;

  const basis = html`<section aria-labelledby="basis">
    <h2 id="basis">Lawful basis and consent</h2>
    <dl>
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
    <dl>
      ${item('Ruleset', ref(r.ruleset))} ${item('Directory', ref(r.directory))}
      ${item(
        'History event ids',
        list(r.historyEventIds, (id) => html`<code style="${HASH}">${id}</code>`),
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
    ok === null ? pending : ok ? yes : html`<strong style="color: #d4351c">${no}</strong>`;
  return html`<section aria-labelledby="proof">
    <h2 id="proof">Proof in the log</h2>
    <p>
      <strong class="tag" style="color: ${state.colour}" id="proof-state">${state.label}</strong>
      ${summary}
    </p>
    <dl>
      <dt>Leaf index</dt>
      <dd>${view.leafIndex}</dd>
      <dt>Leaf hash</dt>
      <dd>
        <code style="${HASH}">${view.leafHash}</code><br />
        ${check(
          p.leafHashMatches,
          'Matches the hash of the record’s canonical bytes',
          'Does not match the hash of the record’s canonical bytes',
        )}
      </dd>
      <dt>In the latest signed checkpoint</dt>
      <dd>
        ${
          cp
            ? p.inCheckpoint
              ? html`Yes: the checkpoint of ${cp.size} leaves, signed
                  <time datetime="${cp.timestamp}">${formatLondonTime(cp.timestamp, 'second')}</time>`
              : html`Not yet: the latest checkpoint covers ${cp.size} leaves`
            : 'Not yet: no checkpoint has been signed'
        }
      </dd>
      <dt>Checkpoint root</dt>
      <dd>${cp ? html`<code style="${HASH}">${cp.rootHash}</code>` : 'None yet'}</dd>
      <dt>Checkpoint signature</dt>
      <dd>
        ${
          p.signature === 'VERIFIED'
            ? html`Verifies (Ed25519) with key <code style="${HASH}">${cp?.kid}</code>`
            : p.signature === 'INVALID'
              ? html`<strong style="color: #d4351c">Does not verify</strong> (key
                  <code style="${HASH}">${cp?.kid}</code>): ${p.signatureProblem}`
              : p.signature === 'UNCHECKED'
                ? html`Not checked (no public keys); key <code style="${HASH}">${cp?.kid}</code>`
                : 'No checkpoint yet'
        }
      </dd>
      <dt>Inclusion proof</dt>
      <dd>
        ${check(
          p.inclusion === null ? null : p.inclusion === 'VERIFIED',
          `Verifies against the checkpoint root (RFC 9162, ${p.auditPath.length} ${p.auditPath.length === 1 ? 'hash' : 'hashes'})`,
          'Does not lead to the checkpoint root',
        )}
      </dd>
    </dl>
    ${
      p.auditPath.length > 0
        ? html`<details>
            <summary>
              The audit path (${p.auditPath.length} ${p.auditPath.length === 1 ? 'hash' : 'hashes'})
            </summary>
            <ol>
              ${p.auditPath.map((h) => html`<li><code style="${HASH}">${h}</code></li>`)}
            </ol>
          </details>`
        : ''
    }
  </section>`;
}
