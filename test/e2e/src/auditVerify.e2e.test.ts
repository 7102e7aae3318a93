import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditSequencer, SqlAuditIndex, ensureSigningKey } from '@sharehub/audit';
import { auditIndexContract, makeAuditRecord, runVerify } from '@sharehub/audit/testing';
import { createLogger, systemClock, type SqlDatabase } from '@sharehub/kit';
import { S3BlobStore } from '@sharehub/kit/s3';
import { openDatabase } from '@sharehub/kit/sql';
import { createCodec } from '@sharehub/schemas';
import { testServers } from '@sharehub/test-support';

// Tampering with the real archive (S3) and the real index (PostgreSQL when DATABASE_URL is set, else embedded
// PGlite in a temp folder) is found by `npm run -s verify`, which names the leaf.
const codec = createCodec();
const logger = createLogger('audit-e2e', { level: 'silent' });
const databaseUrl = process.env.DATABASE_URL;
const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const c of opened) await c.close().catch(() => undefined);
});

/** A fresh database for one test: a new schema on the PostgreSQL server, or a new PGlite folder. */
async function freshDatabase(): Promise<{ db: SqlDatabase; env: Record<string, string>; schema?: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'audit-e2e-db-'));
  const db = await openDatabase({ url: databaseUrl, embeddedDir: dir });
  if (!databaseUrl) return { db, env: { AUDIT_DATA_DIR: dir } };
  const schema = `audit_e2e_${randomUUID().replaceAll('-', '')}`;
  return { db, env: { DATABASE_URL: databaseUrl, AUDIT_DB_SCHEMA: schema }, schema };
}

auditIndexContract(
  `SqlAuditIndex on ${databaseUrl ? 'the PostgreSQL server' : 'PGlite in a folder'}`,
  async () => {
    const { db, schema } = await freshDatabase();
    opened.push(db);
    return SqlAuditIndex.open(db, schema ? { schema } : {});
  },
);

/** Sequences 12 records into a fresh bucket and index (segments of 5), then closes the index. */
async function sequencedLog() {
  const bucket = `audit-e2e-${randomUUID()}`;
  const blobs = new S3BlobStore({ bucket, endpoint: testServers().s3Endpoint });
  await blobs.ensureBucket();
  const keysDir = mkdtempSync(join(tmpdir(), 'audit-e2e-keys-'));
  const key = await ensureSigningKey(join(keysDir, 'key.json'), join(keysDir, 'jwks.json'));
  const { db, env, schema } = await freshDatabase();
  const index = await SqlAuditIndex.open(db, schema ? { schema } : {});
  const sequencer = new AuditSequencer({
    log: {
      logId: 'audit',
      blobStore: blobs,
      clock: systemClock,
      signingKey: { kid: key.kid, privateKey: key.privateJwk },
      checkpointEvery: { leaves: 5, seconds: 60 },
      retainUntil: (now) => new Date(now.getTime() + 86_400_000),
    },
    index,
    codec,
    logger,
  });
  const records = Array.from({ length: 12 }, (_, i) =>
    makeAuditRecord({ auditId: `e2e-${i}`, subjectPersonIds: [`person-${i}`] }),
  );
  await sequencer.handleBatch({
    topic: 'audit.record',
    partition: 0,
    messages: records.map((r, i) => ({
      topic: 'audit.record',
      partition: 0,
      offset: String(i),
      key: r.auditId,
      value: codec.encode('AuditRecord', r),
      headers: {},
      timestamp: String(Date.now()),
    })),
  });
  await sequencer.flush();
  await index.close(); // writes the rows waiting behind the index's journal into audit_leaves
  await db.close(); // PGlite lets one process hold its folder; the verify command opens it next
  const verifyEnv = {
    ...env,
    S3_ENDPOINT: testServers().s3Endpoint,
    AUDIT_BUCKET: bucket,
    AUDIT_JWKS: join(keysDir, 'jwks.json'),
  };
  const editSegment = async (key: string, edit: (lines: string[]) => string[]) => {
    const text = Buffer.from((await blobs.get(key))!).toString('utf8');
    const lines = text.split('\n');
    const last = lines.pop()!;
    await blobs.put(key, new TextEncoder().encode([...edit(lines), last].join('\n')));
  };
  const reopen = async () => {
    const again = await openDatabase({ url: databaseUrl, embeddedDir: env.AUDIT_DATA_DIR ?? '' });
    opened.push(again);
    return { db: again, table: schema ? `"${schema}".audit_leaves` : 'audit_leaves' };
  };
  opened.push({ close: async () => blobs.s3.destroy() });
  return { blobs, verifyEnv, editSegment, reopen };
}

const SEGMENT_0 = 'segments/audit/000000000000-000000000005.jsonl';
const SEGMENT_1 = 'segments/audit/000000000005-000000000010.jsonl';

describe('verify against the real S3 server and database', () => {
  it('passes an untouched log, stored with Object Lock retention', async () => {
    const { blobs, verifyEnv } = await sequencedLog();
    expect(await blobs.list('segments/audit/')).toHaveLength(3);
    expect((await blobs.retention(SEGMENT_0))?.mode).toBe('COMPLIANCE');
    const { code, report, stderr } = await runVerify(verifyEnv);
    expect(report?.problems).toEqual([]);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, size: 12, checkpointsChecked: 3, indexRows: 12 });
    expect(stderr).toContain('[verify] done: 12 leaves');
  });

  it('finds one flipped byte in a stored segment, naming the leaf', async () => {
    const { blobs, verifyEnv } = await sequencedLog();
    const bytes = (await blobs.get(SEGMENT_1))!;
    const at = Buffer.from(bytes).indexOf('"auditId":"e2e-7"') + '"auditId":"e2e-'.length;
    bytes[at] = bytes[at]! ^ 0x02;
    await blobs.put(SEGMENT_1, bytes);
    const { code, report, stderr } = await runVerify(verifyEnv);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, firstBadLeaf: 7 });
    expect(stderr).toContain('first bad leaf 7');
  });

  it('finds a deleted record, naming the leaf', async () => {
    const { editSegment, verifyEnv } = await sequencedLog();
    await editSegment(SEGMENT_1, (lines) => lines.filter((_, i) => i !== 3));
    const { code, report } = await runVerify(verifyEnv);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, firstBadLeaf: 8 });
  });

  it('finds two records swapped, naming the first of them', async () => {
    const { editSegment, verifyEnv } = await sequencedLog();
    await editSegment(SEGMENT_0, (lines) => [lines[0]!, lines[1]!, lines[3]!, lines[2]!, lines[4]!]);
    const { code, report } = await runVerify(verifyEnv);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, firstBadLeaf: 2 });
  });

  it('finds an edited index row, naming the leaf, whether the record or a searchable column was changed', async () => {
    const column = await sequencedLog();
    const { db, table } = await column.reopen();
    await db.query(`update ${table} set team_id = 'someone-else' where leaf_index = 4`);
    await db.close();
    const byColumn = await runVerify(column.verifyEnv);
    expect(byColumn.code).toBe(1);
    expect(byColumn.report).toMatchObject({ ok: false, firstBadLeaf: 4 });
    expect(byColumn.report?.problems.map((p) => p.code)).toEqual(['INDEX_COLUMN_MISMATCH']);

    const record = await sequencedLog();
    const again = await record.reopen();
    await again.db.query(
      `update ${again.table} set record_json = replace(record_json, 'SHARE_SENT', 'NOT_SHARED'), kind = 'NOT_SHARED' where leaf_index = 10`,
    );
    await again.db.close();
    const byRecord = await runVerify(record.verifyEnv);
    expect(byRecord.code).toBe(1);
    expect(byRecord.report).toMatchObject({ ok: false, firstBadLeaf: 10 });
  });

  it('says when it has no checkpoint JWKS and checks with no keys, and exits 2 when it cannot run', async () => {
    // No JWKS (the audit service never ran here): it still runs, saying so; a checkpoint would fail for want of a key.
    const noKeys = await runVerify({ AUDIT_JWKS: '/nonexistent/jwks.json' });
    expect(noKeys.stderr).toContain('no checkpoint JWKS');
    expect([0, 1]).toContain(noKeys.code);
    // Settings it cannot run with: exit 2, naming the setting.
    const bad = await runVerify({ AUDIT_LOG_ID: '../not-a-log-id' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('AUDIT_LOG_ID');
  });
});
