import { type SqlDatabase } from '@sharehub/kit';
import { PGliteDatabase } from '@sharehub/kit/sql';
import { afterAll } from 'vitest';
import { deadLetterStoreContract } from '../testing/deadLetterStoreContract.js';
import { InMemoryDeadLetterStore } from './InMemoryDeadLetterStore.js';
import { SqlDeadLetterStore } from './SqlDeadLetterStore.js';

// One suite for the fake and the SQL store: one embedded PostgreSQL, a fresh schema per test.
let db: Promise<SqlDatabase> | undefined;
let schemas = 0;
afterAll(async () => (await db)?.close());

deadLetterStoreContract('InMemoryDeadLetterStore', async () => new InMemoryDeadLetterStore());
deadLetterStoreContract('SqlDeadLetterStore on PGlite', async () =>
  SqlDeadLetterStore.open(await (db ??= PGliteDatabase.open()), { schema: `dl_${++schemas}` }),
);
