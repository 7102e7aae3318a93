import { afterAll, describe, expect, it } from 'vitest';
import { testPostgres } from '@sharehub/kit/testing';
import { auditIndexContract, indexRowsFor } from '../testing/auditIndexContract.js';
import { makeAuditRecord } from '../testing/makeAuditRecord.js';
import { SqlAuditIndex } from './SqlAuditIndex.js';

// The audit index contract on the real PostgreSQL server (DATABASE_URL in production), a database per test,
// written behind (the default) and written through.
const postgres = testPostgres(process.env.TEST_DATABASE_URL);
afterAll(() => postgres.dropAll());
auditIndexContract('SqlAuditIndex on a PostgreSQL server, written behind', async () =>
  SqlAuditIndex.open(await postgres.open()),
);
auditIndexContract('SqlAuditIndex on a PostgreSQL server, written through', async () =>
  SqlAuditIndex.open(await postgres.open(), { flushRows: 1 }),
);

describe('SqlAuditIndex on a PostgreSQL server, written behind while appends go on', () => {
  it('loses no row appended while a flush is writing: every leaf is in the table after close, densely', async () => {
    const db = await postgres.open();
    // A flush every millisecond, so timer flushes overlap the appends (each on its own pooled connection).
    const index = await SqlAuditIndex.open(db, { flushMs: 1 });
    const batches = 150;
    const perBatch = 4;
    for (let b = 0; b < batches; b++) {
      await index.append(
        indexRowsFor(
          Array.from({ length: perBatch }, () => makeAuditRecord()),
          b * perBatch,
        ),
      );
      if (b % 3 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    await index.close();
    const reopened = await SqlAuditIndex.open(db);
    const rows = await reopened.range(0, batches * perBatch + 10);
    expect(rows.map((r) => r.leafIndex)).toEqual(Array.from({ length: batches * perBatch }, (_, i) => i));
    await reopened.close();
  });
});
