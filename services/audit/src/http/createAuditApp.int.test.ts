import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevKeys, SERVICE_AUDIENCES, signDevToken, type Role } from '@sharehub/kit/auth';
import { closeServer } from '@sharehub/kit/http';
import { InMemoryBlobStore } from '@sharehub/kit/testing';
import type { AuditRecord } from '@sharehub/schemas';
import { InMemoryAuditIndex } from '../index/InMemoryAuditIndex.js';
import { makeAuditRecord } from '../testing/makeAuditRecord.js';
import { listenIgTestApp } from '../testing/listenIgTestApp.js';
import type { SequencingHealth } from '../startSequencing.js';
import { auditBatch, makeSequencer } from '../testing/sequencerHarness.js';

const keysDir = mkdtempSync(join(tmpdir(), 'audit-keys-'));
let server: Server;
let url: string;
const token: Partial<Record<Role, string>> = {};
const refusals: AuditRecord[] = [];
let indexBehind = { rows: 0, ms: 0 };
let health: SequencingHealth = {
  stalled: false,
  consecutiveFailures: 0,
  stalledSeconds: 0,
  failedBatches: 0,
  deadLettered: 0,
};

const SUBJECT = 'child-42';
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
    rulesEvaluated: [
      { ruleId: 'T1', fired: false, reason: 'no crime recorded' },
      { ruleId: 'T2', fired: false, reason: 'the history holds 1 incident' },
    ],
    occurredAt: '2026-04-01T10:00:00Z',
  }),
  makeAuditRecord({ auditId: 'a-4', subjectPersonIds: ['someone-else'], occurredAt: '2026-04-02T10:00:00Z' }),
];

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keysDir);
  for (const role of ['auditor', 'recipient', 'publisher', 'admin'] as const)
    token[role] = await signDevToken(keysDir, {
      role,
      org: 'ig',
      areas: ['trafford'],
      audience: SERVICE_AUDIENCES.audit,
    });
  const index = new InMemoryAuditIndex();
  const { sequencer, readModel } = await makeSequencer({ blobs: new InMemoryBlobStore(), index, checkpointEvery: 4 });
  await sequencer.handleBatch(auditBatch(records.slice(0, 4)));
  await sequencer.handleBatch(auditBatch(records.slice(4), 4));
  ({ server, url } = await listenIgTestApp({
    jwks,
    index,
    log: readModel,
    written: refusals,
    sequencingHealth: () => health,
    indexBehind: () => indexBehind,
  }));
});
afterAll(async () => closeServer(server));

const get = (path: string, role: Role | null = 'auditor') =>
  fetch(`${url}${path}`, { headers: role ? { authorization: `Bearer ${token[role]}` } : {} });

describe('the IG API', () => {
  it.each(['recipient', 'publisher', 'admin'] as const)(
    'refuses a %s with 403, and audits it',
    async (role) => {
      const before = refusals.length;
      for (const path of [
        '/v1/audit/records',
        '/v1/audit/records/a-0',
        '/v1/audit/checkpoints/latest',
        '/v1/audit/consistency?from=1&to=5',
        `/v1/audit/subject-access/${SUBJECT}`,
      ]) {
        const res = await get(path, role);
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      expect(refusals.slice(before)).toHaveLength(5);
      expect(refusals.at(-1)).toMatchObject({
        kind: 'ACCESS_REFUSED',
        actor: `${role}:ig`,
        reason: 'ROLE_REQUIRED',
        occurredAt: '2026-05-01T09:00:00.000Z',
      });
      expect(JSON.parse(refusals.at(-1)!.detail!)).toEqual({
        service: 'audit',
        route: '/v1/audit/subject-access/:personId',
        org: 'ig',
        roles: [role],
      });
    },
  );

  it('refuses a caller without a token with 401 (nobody to audit), and never audits an auditor as refused', async () => {
    const before = refusals.length;
    expect((await get('/v1/audit/records', null)).status).toBe(401);
    expect((await get('/v1/audit/records')).status).toBe(200);
    // The auditor's read is audited as granted (ACCESS_GRANTED), never as refused.
    expect(refusals.slice(before).map((r) => r.kind)).toEqual(['ACCESS_GRANTED']);
  });

  it('searches by subject, team, kind, decision, reference and time range, with positions', async () => {
    const ids = async (query: string) => {
      const res = await get(`/v1/audit/records?${query}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        records: Array<AuditRecord & { position: { leafIndex: number } }>;
      };
      return body.records.map((r) => `${r.auditId}@${r.position.leafIndex}`);
    };
    expect(await ids(`subject=${SUBJECT}`)).toEqual(['a-0@0', 'a-1@1', 'a-2@2', 'a-3@3']);
    expect(await ids('team=tr-sn-south')).toEqual(['a-2@2']);
    expect(await ids('kind=NOT_SHARED,SHARED')).toEqual(['a-0@0', 'a-3@3']);
    expect(await ids('decisionId=d-1')).toEqual(['a-0@0', 'a-1@1']);
    expect(await ids('incidentRef=GMP-0009')).toEqual(['a-3@3']);
    expect(await ids('from=2026-04-01T00:00:00Z&to=2026-04-02T10:00:00Z')).toEqual(['a-3@3']);
    expect(await ids(`subject=${SUBJECT}&from=2026-03-15T00:41:30%2B01:00`)).toEqual(['a-2@2', 'a-3@3']);
  });

  it('pages with limit and an opaque cursor', async () => {
    const seen: string[] = [];
    let next: string | null = '';
    let pages = 0;
    while (next !== null) {
      const res = await get(`/v1/audit/records?limit=2${next ? `&cursor=${next}` : ''}`);
      const body = (await res.json()) as { records: AuditRecord[]; nextCursor: string | null };
      seen.push(...body.records.map((r) => r.auditId));
      next = body.nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['a-0', 'a-1', 'a-2', 'a-3', 'a-4']);
  });

  it('answers 400 naming every bad parameter', async () => {
    const res = await get('/v1/audit/records?kind=SHRED&from=yesterday&limit=1000&cursor=xyz&colour=red');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; errors: Array<{ path: string }> };
    expect(body.code).toBe('AUDIT_QUERY_INVALID');
    expect(body.errors.map((e) => e.path).sort()).toEqual(['colour', 'cursor', 'from', 'kind', 'limit']);
  });

  it('returns one record with its inclusion proof against the latest checkpoint, or says it is pending', async () => {
    const res = await get('/v1/audit/records/a-1');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      record: AuditRecord & { position: { leafIndex: number; leafHash: string } };
      checkpoint: { size: number };
      inclusionProof: { leafIndex: number; treeSize: number; leafHash: string; auditPath: string[] } | null;
    };
    expect(body.record.auditId).toBe('a-1');
    expect(body.checkpoint.size).toBe(4);
    expect(body.inclusionProof).toMatchObject({
      leafIndex: 1,
      treeSize: 4,
      leafHash: body.record.position.leafHash,
    });
    const pending = (await (await get('/v1/audit/records/a-4')).json()) as {
      inclusionProof: unknown;
      pending: string;
    };
    expect(pending.inclusionProof).toBeNull();
    expect(pending.pending).toBeTruthy();
    const missing = await get('/v1/audit/records/nope');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('AUDIT_RECORD_NOT_FOUND');
  });

  it('returns the latest checkpoint and consistency between checkpoints only', async () => {
    expect(((await (await get('/v1/audit/checkpoints/latest')).json()) as { size: number }).size).toBe(4);
    const same = await get('/v1/audit/consistency?from=4&to=4');
    expect(same.status).toBe(200);
    expect(await same.json()).toMatchObject({ from: { size: 4 }, to: { size: 4 }, proof: [] });
    expect((await get('/v1/audit/consistency?from=3&to=4')).status).toBe(404);
    expect((await get('/v1/audit/consistency?from=5&to=4')).status).toBe(400);
    expect((await get('/v1/audit/consistency?from=x')).status).toBe(400);
  });

  it('exports what the log holds about one person as JSON: shares, decisions not to share, the rest', async () => {
    const res = await get(`/v1/audit/subject-access/${SUBJECT}?format=json`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      personId: string;
      shares: Array<Record<string, unknown>>;
      decisionsNotToShare: Array<Record<string, unknown>>;
      otherRecords: Array<Record<string, unknown>>;
    };
    expect(body.personId).toBe(SUBJECT);
    expect(body.shares.map((s) => s.auditId)).toEqual(['a-1', 'a-2']);
    expect(body.shares[1]).toMatchObject({
      recipient: { service: 'SCHOOL_NURSING', teamId: 'tr-sn-south' },
      occurredAt: '2026-03-14T23:42:00Z',
      lawfulBasis: expect.stringContaining('Art. 6(1)(e)'),
      consent: { status: 'NOT_SOUGHT' },
      rulesFired: [{ ruleId: 'T1', citation: 'Trafford 3.1(a)' }],
    });
    expect(body.decisionsNotToShare).toMatchObject([
      { auditId: 'a-3', rulesEvaluated: [{ ruleId: 'T1', fired: false, reason: 'no crime recorded' }, {}] },
    ]);
    expect(body.otherRecords.map((r) => r.auditId)).toEqual(['a-0']);
  });

  it('exports the same as CSV with a filename', async () => {
    const res = await get(`/v1/audit/subject-access/${SUBJECT}?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="subject-access-${SUBJECT}-2026-05-01.csv"`,
    );
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^section,leafIndex,auditId,kind,occurredAt,/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      'SCOPE,,',
      'SHARE,1,a-1',
      'SHARE,2,a-2',
      'NOT_SHARED,3,a-3',
      'OTHER,0,a-0',
    ]);
    expect(lines[2]).toContain(
      '"T1 (Trafford 3.1(a)): a child resides, ""crime"" recorded | T5 (Trafford 3.1(e)): a child called the police"',
    );
    expect(lines[4]).toContain('T1: no crime recorded | T2: the history holds 1 incident');
    expect((await get(`/v1/audit/subject-access/${SUBJECT}?format=xml`)).status).toBe(400);
  });

  it('exports an empty report for a person the log does not name', async () => {
    const body = (await (await get('/v1/audit/subject-access/nobody')).json()) as { shares: unknown[] };
    expect(body.shares).toEqual([]);
  });
});

describe('the audit service on /metrics', () => {
  it('says whether its consumer is stalled, for how long, and how many messages it dead-lettered', async () => {
    const metric = async (name: string) =>
      Number(
        new RegExp(`^sharehub_audit_${name} (\\S+)$`, 'm').exec(
          await (await get('/metrics', null)).text(),
        )?.[1],
      );
    expect(await metric('sequencer_stalled')).toBe(0);
    health = {
      stalled: true,
      consecutiveFailures: 4,
      stalledSeconds: 12.5,
      failedBatches: 6,
      deadLettered: 2,
    };
    expect(await metric('sequencer_stalled')).toBe(1);
    expect(await metric('sequencer_stalled_seconds')).toBe(12.5);
    expect(await metric('sequencer_consecutive_failures')).toBe(4);
    expect(await metric('sequencer_failed_batches')).toBe(6);
    expect(await metric('dead_letters')).toBe(2);
  });

  it('says how many index rows wait to be written behind, and for how long', async () => {
    const metric = async (name: string) =>
      Number(
        new RegExp(`^sharehub_audit_${name} (\\S+)$`, 'm').exec(await (await get('/metrics', null)).text())?.[1],
      );
    expect(await metric('index_waiting_rows')).toBe(0);
    indexBehind = { rows: 4200, ms: 750 };
    expect(await metric('index_waiting_rows')).toBe(4200);
    expect(await metric('index_lag_seconds')).toBe(0.75);
  });
});
