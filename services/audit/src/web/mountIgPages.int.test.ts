import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '@sharehub/audit-log';
import { ensureDevKeys, SERVICE_AUDIENCES, signDevToken, type Role } from '@sharehub/kit/auth';
import { closeServer } from '@sharehub/kit/http';
import { InMemoryBlobStore } from '@sharehub/kit/testing';
import type { AuditRecord } from '@sharehub/schemas';
import { readRecordWithProof } from '../http/readRecordWithProof.js';
import { InMemoryAuditIndex } from '../index/InMemoryAuditIndex.js';
import type { AuditLogReadModel } from '../log/AuditLogReadModel.js';
import type { AuditSequencer } from '../log/AuditSequencer.js';
import { makeAuditRecord } from '../testing/makeAuditRecord.js';
import { listenIgTestApp, signInCookie } from '../testing/listenIgTestApp.js';
import { auditBatch, makeSequencer } from '../testing/sequencerHarness.js';
import { verifyRecordProof } from './verifyRecordProof.js';

const keysDir = mkdtempSync(join(tmpdir(), 'audit-pages-keys-'));
let server: Server;
let url: string;
let index: InMemoryAuditIndex;
let sequencer: AuditSequencer;
let readModel: AuditLogReadModel;
let publicKeys: { keys: unknown[] };
const cookie: Partial<Record<Role, string>> = {};
const refusals: AuditRecord[] = [];

const SUBJECT = 'child-42';
const XSS = '<script>alert("x")</script>';
const records: AuditRecord[] = [
  makeAuditRecord({
    auditId: 'a-0',
    kind: 'SHARED',
    recipient: null,
    subjectPersonIds: [SUBJECT, 'child-43'],
    decisionId: 'd-1',
    occurredAt: '2026-03-14T23:40:00Z',
  }),
  makeAuditRecord({
    auditId: 'a-1',
    subjectPersonIds: [SUBJECT],
    decisionId: 'd-1',
    occurredAt: '2026-03-14T23:41:00Z',
    historyEventIds: ['h-1', 'h-2'],
    rulesFired: [
      { ruleId: 'T1', text: 'a child resides, "crime" recorded', citation: 'Trafford 3.1(a)' },
      { ruleId: 'T5', text: 'a child called the police', citation: 'Trafford 3.1(e)' },
    ],
  }),
  makeAuditRecord({
    auditId: 'a-2',
    subjectPersonIds: [SUBJECT],
    recipient: { service: 'SCHOOL_NURSING', teamId: 'tr-sn-south' },
    occurredAt: '2026-03-14T23:42:00Z',
  }),
  makeAuditRecord({
    auditId: 'a-3',
    kind: 'NOT_SHARED',
    recipient: null,
    source: { type: 'INCIDENT', eventId: 'e-9', ref: 'GMP-0009' },
    subjectPersonIds: [SUBJECT],
    decision: 'NOT_SHARED',
    decisionId: 'd-2',
    rulesFired: [],
    rulesEvaluated: [{ ruleId: 'T1', fired: false, reason: 'no crime recorded' }],
    occurredAt: '2026-04-01T10:00:00Z',
  }),
  makeAuditRecord({ auditId: 'a-4', subjectPersonIds: ['someone-else'], occurredAt: '2026-04-02T10:00:00Z' }),
  makeAuditRecord({
    auditId: 'a-5',
    subjectPersonIds: [XSS],
    reason: '<b>bold</b> & "quoted"',
    rulesFired: [{ ruleId: 'T9', text: '<img src=x onerror=alert(1)>', citation: 'Trafford <9>' }],
    occurredAt: '2026-04-03T10:00:00Z',
  }),
];

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keysDir);
  index = new InMemoryAuditIndex();
  const made = await makeSequencer({ blobs: new InMemoryBlobStore(), index, checkpointEvery: 4 });
  sequencer = made.sequencer;
  readModel = made.readModel;
  publicKeys = made.publicKeys;
  await sequencer.handleBatch(auditBatch(records.slice(0, 4)));
  await sequencer.handleBatch(auditBatch(records.slice(4), 4));
  ({ server, url } = await listenIgTestApp({
    jwks,
    index,
    log: readModel,
    checkpointKeys: publicKeys,
    written: refusals,
  }));
  for (const role of ['auditor', 'recipient'] as const) {
    const token = await signDevToken(keysDir, {
      role,
      org: 'ig',
      areas: ['trafford'],
      audience: SERVICE_AUDIENCES.audit,
    });
    const signedIn = await signInCookie(url, token);
    expect(signedIn.status).toBe(303);
    cookie[role] = signedIn.cookie;
  }
});
afterAll(async () => closeServer(server));

const get = (path: string, role: Role | null = 'auditor') =>
  fetch(`${url}${path}`, { redirect: 'manual', headers: role ? { cookie: cookie[role]! } : {} });
const page = async (path: string, role: Role | null = 'auditor', status = 200) => {
  const res = await get(path, role);
  expect(res.status, path).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  // Whitespace collapsed, so the checks do not depend on how the templates are laid out.
  return (await res.text()).replace(/\s+/g, ' ');
};
/** The audit ids a results page links to, in order. */
const linked = (body: string) => [...body.matchAll(/href="\/ig\/records\/([^"]+)"/g)].map((m) => m[1]);

describe('the IG pages', () => {
  it('send a visitor without a session to sign in, and back to the page afterwards', async () => {
    const res = await get('/ig?subject=child-42', null);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fig%3Fsubject%3Dchild-42');
    const form = await (await fetch(`${url}/sign-in`)).text();
    expect(form).toContain('<label class="nhsuk-label" for="token">');
    expect((await fetch(url, { redirect: 'manual' })).headers.get('location')).toBe('/ig');
  });

  it('show a search form whose every input has a label, and no results before a search', async () => {
    const body = await page('/ig');
    const ids = [...body.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(
      expect.arrayContaining(['f-subject', 'f-incidentRef', 'f-carePlanRef', 'f-maracCaseRef', 'f-team']),
    );
    expect(ids).toEqual(expect.arrayContaining(['f-kind', 'f-from', 'f-to', 'sar-person', 'sar-format']));
    for (const id of ids) expect(body, id).toContain(`<label class="nhsuk-label" for="${id}">`);
    expect(body).not.toContain('<table');
    expect(body).not.toContain('<script');
  });

  it('search the index as the API does, and show kind, when, area, team, subjects and rules in a table', async () => {
    const body = await page(`/ig?subject=${SUBJECT}`);
    expect(linked(body)).toEqual(['a-0', 'a-1', 'a-2', 'a-3']);
    expect(body.match(/<th class="nhsuk-table__header" scope="col">/g)).toHaveLength(7);
    for (const col of ['Kind', 'When', 'Area', 'Recipient team', 'Subjects', 'Rules fired', 'Record'])
      expect(body).toContain(`<th class="nhsuk-table__header" scope="col">${col}</th>`);
    expect(body).toContain('4 records matching the search, in log order');
    expect(body).toContain('Share sent');
    expect(body).toContain('tr-sn-south');
    expect(body).toContain('T5 <small>(Trafford 3.1(e))</small>');
    expect(body).toContain('<time datetime="2026-03-14T23:41:00Z">Sat, 14 Mar 2026, 23:41:00 GMT</time>');
    expect(body).toContain(`value="${SUBJECT}"`);
    expect(body).toContain(`href="/ig/subject-access/${SUBJECT}?format=csv"`);
  });

  it('read a form as a browser sends it: empty fields ignored, kind chosen, times in UK time', async () => {
    const blank = 'incidentRef=&carePlanRef=&maracCaseRef=&team=&from=&to=';
    expect(linked(await page(`/ig?subject=${SUBJECT}&kind=&${blank}`))).toEqual(['a-0', 'a-1', 'a-2', 'a-3']);
    expect(linked(await page(`/ig?subject=${SUBJECT}&kind=NOT_SHARED&${blank}`))).toEqual(['a-3']);
    expect(linked(await page('/ig?team=tr-sn-south'))).toEqual(['a-2']);
    expect(linked(await page('/ig?incidentRef=GMP-0009'))).toEqual(['a-3']);
    // 11:00 on 1 April is BST, so 10:00Z: a-3 is at the inclusive lower bound, and one second later it is not.
    expect(linked(await page('/ig?from=2026-04-01T11:00&to=2026-04-02T11:00'))).toEqual(['a-3']);
    expect(linked(await page('/ig?from=2026-04-01T11:00:01&to=2026-04-02T11:00'))).toEqual([]);
    // 23:41 on 14 March is GMT.
    expect(linked(await page(`/ig?subject=${SUBJECT}&from=2026-03-14T23:41&to=2026-03-14T23:42`))).toEqual([
      'a-1',
    ]);
    expect(await page('/ig?subject=nobody')).toContain('No records match the search.');
  });

  it('page through results with a next-page link that keeps the search', async () => {
    const first = await page(`/ig?subject=${SUBJECT}&limit=3`);
    expect(linked(first)).toEqual(['a-0', 'a-1', 'a-2']);
    const next = /href="([^"]+)" rel="next"/.exec(first)![1]!.replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/ig\?subject=child-42&limit=3&cursor=/);
    const second = await page(next);
    expect(linked(second)).toEqual(['a-3']);
    expect(second).not.toContain('rel="next"');
    expect(second).toContain('First page');
  });

  it('answer a bad search with 400 and a summary linking each bad field', async () => {
    const body = await page('/ig?from=yesterday&kind=SHRED&colour=red', 'auditor', 400);
    expect(body).toContain('role="alert"');
    expect(body).toContain(
      '<a href="#f-from">From: must be a date and time, such as 14/03/2026 23:40 (UK time)</a>',
    );
    expect(body).toMatch(/id="f-kind" name="kind" aria-describedby="f-kind-error" aria-invalid="true"/);
    expect(body).toContain('<li>colour is not a search parameter</li>');
    expect(body).not.toContain('<table');
  });

  it('show one record with every field an IG officer needs and its proof verified server-side', async () => {
    const body = await page('/ig/records/a-1');
    const cp = (await readModel.latestCheckpoint())!;
    expect(cp.size).toBe(4);
    expect(body).toContain('<h1 class="nhsuk-heading-l">Audit record 1</h1>');
    expect(body).toMatch(/id="proof-state">Verified</);
    expect(body).toContain('the checkpoint of 4 leaves');
    expect(body).toContain(`Verifies (Ed25519) with key <code>${cp.kid}</code>`);
    expect(body).toContain(cp.rootHash);
    expect(body).toContain('Verifies against the checkpoint root (RFC 9162, 2 hashes)');
    expect(body).toContain('Matches the hash of the record’s canonical bytes');
    for (const text of [
      'Share sent (<code',
      '>SHARE_SENT</code>)',
      '<dd class="nhsuk-summary-list__value">router</dd>',
      'INCIDENT GMP-0001',
      'tr-first-response</a> (CHILDRENS_SOCIAL_CARE)',
      '<dd class="nhsuk-summary-list__value">incident, child</dd>',
      'UK GDPR Art. 6(1)(e)',
      'NOT_SOUGHT: seeking consent would increase the risk',
      'a child resides, &quot;crime&quot; recorded',
      '<td class="nhsuk-table__cell">Trafford 3.1(a)</td>',
      'a'.repeat(64),
      'b'.repeat(64),
      '>h-1</code>',
      `href="/ig/subject-access/${SUBJECT}?format=csv"`,
      `href="/ig?subject=${SUBJECT}"`,
    ])
      expect(body, text).toContain(text);
  });

  it('say a record not yet under a signed checkpoint is pending, and answer an unknown record with a 404 page', async () => {
    const body = await page('/ig/records/a-4');
    expect(body).toMatch(/id="proof-state">Pending</);
    expect(body).toContain('Not yet: the latest checkpoint covers 4 leaves');
    const missing = await page('/ig/records/nope', 'auditor', 404);
    expect(missing).toContain('AUDIT_RECORD_NOT_FOUND');
    expect(await page('/ig/nothing-here', 'auditor', 404)).toContain('PAGE_NOT_FOUND');
  });

  it('show a record whose proof does not verify as failed: an altered record, or a checkpoint under an unknown key', async () => {
    const found = await readRecordWithProof(index, readModel, 'a-1', ['trafford']);
    const altered = {
      ...found,
      row: { ...found.row, recordJson: found.row.recordJson.replace('tr-first-response', 'tr-elsewhere') },
    };
    expect(await verifyRecordProof(altered, publicKeys as never)).toMatchObject({
      state: 'FAILED',
      leafHashMatches: false,
      inclusion: 'INVALID',
      signature: 'VERIFIED',
    });
    const otherKey = await generateSigningKey();
    expect(await verifyRecordProof(found, { keys: [otherKey.publicJwk] })).toMatchObject({
      state: 'FAILED',
      signature: 'INVALID',
      signatureProblem: expect.stringContaining('CHECKPOINT_KEY_UNKNOWN'),
    });
    expect(await verifyRecordProof(found, publicKeys as never)).toMatchObject({ state: 'VERIFIED' });
  });

  it('escape every value taken from a record', async () => {
    const record = await page('/ig/records/a-5');
    const search = await page(`/ig?subject=${encodeURIComponent(XSS)}`);
    expect(linked(search)).toEqual(['a-5']);
    for (const body of [record, search]) {
      expect(body).not.toContain('<script>');
      expect(body).not.toContain('<img src=x');
      expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
    expect(record).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    expect(record).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(record).toContain('Trafford &lt;9&gt;');
    expect(search).toContain(`href="/ig?subject=${encodeURIComponent(XSS)}"`);
  });

  it('download the subject access export with the page session, as CSV or JSON', async () => {
    const csv = await get(`/ig/subject-access/${SUBJECT}?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="subject-access-${SUBJECT}-2026-05-01.csv"`,
    );
    expect((await csv.text()).split('\r\n')[2]).toMatch(/^SHARE,1,a-1,/);
    const json = await get(`/ig/subject-access/${SUBJECT}?format=json`);
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.json"$/);
    expect(((await json.json()) as { shares: unknown[] }).shares).toHaveLength(2);
    const viaForm = await get(`/ig/subject-access?personId=${SUBJECT}&format=csv`);
    expect(viaForm.status).toBe(303);
    expect(viaForm.headers.get('location')).toBe(`/ig/subject-access/${SUBJECT}?format=csv`);
    expect(await page(`/ig/subject-access/${SUBJECT}?format=xml`, 'auditor', 400)).toContain(
      '<code>format</code> must be json or csv',
    );
  });

  it('refuse a signed-in recipient with a 403 page, and audit it as the API does', async () => {
    const before = refusals.length;
    for (const path of ['/ig', '/ig/records/a-0', `/ig/subject-access/${SUBJECT}?format=csv`]) {
      const body = await page(path, 'recipient', 403);
      expect(body).toContain('You cannot see the audit log');
      expect(body).toContain('This refusal has been recorded in the audit log.');
      expect(body).not.toContain(SUBJECT + '</');
    }
    expect(refusals.slice(before).map((r) => JSON.parse(r.detail!) as { route: string })).toEqual([
      { service: 'audit', route: '/ig', org: 'ig', roles: ['recipient'] },
      { service: 'audit', route: '/ig/records/:auditId', org: 'ig', roles: ['recipient'] },
      { service: 'audit', route: '/ig/subject-access/:personId', org: 'ig', roles: ['recipient'] },
    ]);
    expect(refusals.at(-1)).toMatchObject({
      kind: 'ACCESS_REFUSED',
      actor: 'recipient:ig',
      reason: 'ROLE_REQUIRED',
    });
    const count = refusals.length;
    await page('/ig');
    expect(refusals).toHaveLength(count);
  });

  it('send no-store, no-referrer and a script-free content security policy; the API keeps problem+json', async () => {
    const res = await get('/ig');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none';/);
    const api = await fetch(`${url}/v1/audit/records`, { headers: { cookie: cookie.auditor! } });
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fetch(`${url}/v1/nothing`)).headers.get('content-type')).toMatch(
      /^application\/problem\+json/,
    );
  });
});
