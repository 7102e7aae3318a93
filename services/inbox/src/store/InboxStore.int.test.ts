import { afterAll } from 'vitest';
import { type SqlDatabase } from '@sharehub/kit';
import { PGliteDatabase } from '@sharehub/kit/sql';
import { InMemoryInboxStore } from '../testing/InMemoryInboxStore.js';
import { inboxStoreContract } from '../testing/inboxStoreContract.js';
import { SqlInboxStore } from './SqlInboxStore.js';

inboxStoreContract('InMemoryInboxStore', async () => new InMemoryInboxStore());

// Opening embedded PostgreSQL takes seconds: one database, a fresh schema per test (the store's `schema` option);
// InboxStore.e2e.test.ts runs the same suite on a PostgreSQL server.
let shared: Promise<PGliteDatabase> | undefined;
let schemas = 0;
afterAll(async () => (await shared)?.close());
const keepOpen = (db: SqlDatabase): SqlDatabase => ({
  query: (sql, params) => db.query(sql, params),
  exec: (sql) => db.exec(sql),
  transaction: (work) => db.transaction(work),
  close: async () => undefined,
});
inboxStoreContract('SqlInboxStore on PGlite, a schema per test', async () =>
  SqlInboxStore.open(keepOpen(await (shared ??= PGliteDatabase.open())), { schema: `contract_${++schemas}` }),
);
