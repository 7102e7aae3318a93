import { describe, expect, it } from 'vitest';
import { PGliteDatabase } from '@sharehub/kit/sql';
import { waitFor } from '@sharehub/kit/testing';
import { auditIndexContract, indexRowsFor } from '../testing/auditIndexContract.js';
import { makeAuditRecord } from '../testing/makeAuditRecord.js';
import { InMemoryAuditIndex } from './InMemoryAuditIndex.js';
import { SqlAuditIndex } from './SqlAuditIndex.js';

// One suite for the fake and the SQL index (embedded PostgreSQL here; a PostgreSQL server in AuditIndex.e2e.test.ts),
// the SQL index both written behind (its default) and writing every append through at once.
auditIndexContract('InMemoryAuditIndex', async () => new InMemoryAuditIndex());
auditIndexContract('SqlAuditIndex on PGlite, written behind', async () =>
  SqlAuditIndex.open(await PGliteDatabase.open()),
);
auditIndexContract('SqlAuditIndex on PGlite, written through', async () =>
  SqlAuditIndex.open(await PGliteDatabase.open(), { flushRows: 1 }),
);

describe('SqlAuditIndex written behind', () => {
  it('holds an appended row durably before writing it behind: an index opened anew on the database (after a crash) finds it', async () => {
    const db = await PGliteDatabase.open();
    const crashed = await SqlAuditIndex.open(db, { flushMs: 3_600_000 });
    const rows = indexRowsFor([makeAuditRecord(), makeAuditRecord()]);
    await crashed.append(rows);
    expect(crashed.behind().rows).toBe(2);
    const { rows: table } = await db.query<{ n: number }>('select count(*)::int as n from audit_leaves');
    expect(table[0]!.n).toBe(0);
    const reopened = await SqlAuditIndex.open(db);
    expect(await reopened.size()).toBe(2);
    expect(await reopened.range(0, 10)).toEqual(rows);
    expect(await reopened.existing([rows[1]!.auditId])).toEqual(
      new Map([[rows[1]!.auditId, rows[1]!.leafHash]]),
    );
    await expect(reopened.append(indexRowsFor([makeAuditRecord()], 1))).rejects.toThrow('does not continue');
  });

  it('writes the waiting rows into the searchable table once flushRows wait, or flushMs after the first', async () => {
    const db = await PGliteDatabase.open();
    const index = await SqlAuditIndex.open(db, { flushRows: 3, flushMs: 50 });
    const count = async () =>
      (await db.query<{ n: number }>('select count(*)::int as n from audit_leaves')).rows[0]!.n;
    await index.append(indexRowsFor([makeAuditRecord(), makeAuditRecord()]));
    expect(index.behind().rows).toBe(2);
    await index.append(indexRowsFor([makeAuditRecord()], 2));
    expect(await count()).toBe(3);
    expect(index.behind().rows).toBe(0);
    await index.append(indexRowsFor([makeAuditRecord()], 3));
    await waitFor(async () => (await count()) === 4, 'the timed flush');
    expect(index.behind()).toEqual({ rows: 0, ms: 0 });
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from audit_index_journal');
    expect(rows[0]!.n).toBe(0);
    await index.close();
  });
});
