import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevKeys, signDevToken } from '@sharehub/kit/auth';
import { closeServer } from '@sharehub/kit/http';
import { InMemoryBlobStore } from '@sharehub/kit/testing';
import type { AuditRecord } from '@sharehub/schemas';
import { InMemoryAuditIndex } from '../index/InMemoryAuditIndex.js';
import type { AuditLogReadModel } from '../log/AuditLogReadModel.js';
import type { AuditSequencer } from '../log/AuditSequencer.js';
import { makeAuditRecord } from '../testing/makeAuditRecord.js';
import { listenIgTestApp, signInCookie } from '../testing/listenIgTestApp.js';
import { auditBatch, makeSequencer } from '../testing/sequencerHarness.js';
import type { PositionedRecord } from './createAuditApp.js';

// Issue 13 item 1: an auditor sees only the records of their token's areas, and every read is itself audited.
const keysDir = mkdtempSync(join(tmpdir(), 'audit-areas-keys-'));
const CHILD = 'child-7';
const records: AuditRecord[] = [
  makeAuditRecord({ auditId: 't-0', area: 'trafford', subjectPersonIds: [CHILD] }),
  makeAuditRecord({ auditId: 'k-1', area: 'kent', subjectPersonIds: [CHILD, 'child-8'] }),
  makeAuditRecord({
    auditId: 'n-2',
    kind: 'DEAD_LETTERED',
    area: null,
    subjectPersonIds: [],
    recipient: null,
    reason: 'BAD_MAGIC: no marker',
  }),
  makeAuditRecord({ auditId: 't-3', area: 'trafford', subjectPersonIds: ['child-9'] }),
];
const written: AuditRecord[] = [];
let sequencer: AuditSequencer;
let readModel: AuditLogReadModel;
let server: Server;
let url: string;
let kentAuditor: string;
let kentCookie: string;

beforeAll(async () => {
  const { jwks } = await ensureDevKeys(keysDir);
  kentAuditor = await signDevToken(keysDir, { role: 'auditor', org: 'kent-ig', areas: ['kent'] });
  const index = new InMemoryAuditIndex();
  ({ sequencer, readModel } = await makeSequencer({
    blobs: new InMemoryBlobStore(),
    index,
    checkpointEvery: 100,
  }));
  await sequencer.handleBatch(auditBatch(records));
  ({ server, url } = await listenIgTestApp({ jwks, index, log: readModel, written }));
  kentCookie = (await signInCookie(url, kentAuditor)).cookie;
});
afterAll(async () => closeServer(server));

const api = (path: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${kentAuditor}` } });
const grantsSince = (n: number) => written.slice(n).filter((r) => r.kind === 'ACCESS_GRANTED');

describe('an auditor scoped to kent', () => {
  it("searches kent's records and the hub's own (no area), never trafford's, even when asking for trafford", async () => {
    const all = (await (await api('/v1/audit/records')).json()) as { records: PositionedRecord[] };
    expect(all.records.map((r) => r.auditId)).toEqual(['k-1', 'n-2']);
    const bySubject = (await (await api(`/v1/audit/records?subject=${CHILD}`)).json()) as {
      records: PositionedRecord[];
    };
    expect(bySubject.records.map((r) => r.auditId)).toEqual(['k-1']);
    const trafford = (await (await api('/v1/audit/records?area=trafford')).json()) as {
      records: PositionedRecord[];
    };
    expect(trafford.records).toEqual([]);
  });

  it("answers a trafford record's id exactly as an unknown one (404, same body but the path)", async () => {
    const [other, unknown] = [await api('/v1/audit/records/t-0'), await api('/v1/audit/records/nope')];
    expect([other.status, unknown.status]).toEqual([404, 404]);
    const sameBut = async (res: Response) => ({ ...((await res.json()) as object), instance: undefined });
    expect(await sameBut(other)).toEqual(await sameBut(unknown));
    expect((await api('/v1/audit/records/k-1')).status).toBe(200);
  });

  it('exports a subject access report of kent’s records only, and says so (JSON and CSV)', async () => {
    const report = (await (await api(`/v1/audit/subject-access/${CHILD}`)).json()) as {
      areas: string[];
      scope: string;
      shares: Array<{ auditId: string }>;
      otherRecords: unknown[];
    };
    expect(report.shares.map((s) => s.auditId)).toEqual(['k-1']);
    expect(report.areas).toEqual(['kent']);
    expect(report.scope).toMatch(/Only the records of the area kent .* not included/);
    const csv = await (await api(`/v1/audit/subject-access/${CHILD}?format=csv`)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[1]).toMatch(/^SCOPE,.*,kent,/);
    expect(lines.slice(2).map((l) => l.split(',')[2])).toEqual(['k-1']);
  });

  it('shows no trafford record on the IG pages either', async () => {
    const page = await (
      await fetch(`${url}/ig?subject=${CHILD}`, { headers: { cookie: kentCookie } })
    ).text();
    expect(page).toContain('/ig/records/k-1');
    expect(page).not.toContain('/ig/records/t-0');
    const record = await fetch(`${url}/ig/records/t-0`, { headers: { cookie: kentCookie } });
    expect(record.status).toBe(404);
  });
});

describe('every read of personal data is audited (ACCESS_GRANTED)', () => {
  it('a search, a record and an export each write a record naming the actor, purpose, the ids and subjects returned', async () => {
    const before = written.length;
    await api(`/v1/audit/records?subject=${CHILD}`);
    await api('/v1/audit/records/k-1');
    await api(`/v1/audit/subject-access/${CHILD}?format=csv`);
    await fetch(`${url}/ig?subject=${CHILD}`, { headers: { cookie: kentCookie } });
    const grants = grantsSince(before);
    expect(grants.map((g) => g.reason)).toEqual([
      'IG_SEARCH',
      'IG_RECORD_READ',
      'SUBJECT_ACCESS_EXPORT',
      'IG_SEARCH',
    ]);
    for (const g of grants) {
      expect(g).toMatchObject({
        area: 'kent',
        actor: 'auditor:kent-ig',
        subjectPersonIds: [CHILD, 'child-8'],
        occurredAt: '2026-05-01T09:00:00.000Z',
      });
      expect(JSON.parse(g.detail!)).toMatchObject({ service: 'audit', org: 'kent-ig', auditIds: ['k-1'] });
      // Ids, never contents: no record text is copied into the access record.
      expect(g.detail).not.toContain('lawfulBasis');
    }
    // A read that returned nothing writes nothing.
    const none = written.length;
    await api('/v1/audit/records?subject=nobody');
    expect(grantsSince(none)).toEqual([]);
  });

  it('lets IG ask who looked at a child’s information: the access records are searchable by subject and kind', async () => {
    const grants = grantsSince(0);
    expect(grants.length).toBeGreaterThan(0);
    await sequencer.handleBatch(auditBatch(grants, records.length));
    const found = (await (await api(`/v1/audit/records?subject=${CHILD}&kind=ACCESS_GRANTED`)).json()) as {
      records: PositionedRecord[];
    };
    expect(found.records.length).toBe(grants.filter((g) => g.subjectPersonIds.includes(CHILD)).length);
    expect(found.records.length).toBeGreaterThanOrEqual(4);
    expect(new Set(found.records.map((r) => r.actor))).toEqual(new Set(['auditor:kent-ig']));
  });
});
