import { PGliteDatabase } from '@sharehub/kit/sql';
import { InMemoryBlobStore } from '@sharehub/kit/testing';
import { InMemoryAuditIndex } from '../index/InMemoryAuditIndex.js';
import { SqlAuditIndex } from '../index/SqlAuditIndex.js';
import { readModelContract } from '../testing/readModelContract.js';

// A read model in an instance without the partition (docs/adr/0064), on the fakes: one index object stands for the
// shared database.
readModelContract('on the in-memory bucket and index', async () => {
  const index = new InMemoryAuditIndex();
  return { blobs: new InMemoryBlobStore(), writerIndex: index, readerIndex: index };
});

// On embedded PostgreSQL with two indexes over one database, as two processes open it: the writer's batches wait in
// its journal (written behind only on close), and the reader's proofs must find them there.
readModelContract('on PGlite, the writer’s rows still in its journal', async () => {
  const db = await PGliteDatabase.open();
  const writerIndex = await SqlAuditIndex.open(db, { flushRows: 1_000_000, flushMs: 3_600_000 });
  const readerIndex = await SqlAuditIndex.open(db);
  return { blobs: new InMemoryBlobStore(), writerIndex, readerIndex };
});
