import { afterAll } from 'vitest';
import { testPostgres } from '@sharehub/kit/testing';
import { deadLetterStoreContract } from '../testing/deadLetterStoreContract.js';
import { SqlDeadLetterStore } from './SqlDeadLetterStore.js';

// The dead-letter store contract on the real PostgreSQL server (DATABASE_URL in production), a database per test;
// the fake and PGlite run it in DeadLetterStore.int.test.ts.
const postgres = testPostgres(process.env.TEST_DATABASE_URL);
afterAll(() => postgres.dropAll());
deadLetterStoreContract('SqlDeadLetterStore on a PostgreSQL server', async () =>
  SqlDeadLetterStore.open(await postgres.open()),
);
