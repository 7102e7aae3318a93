import { afterAll } from 'vitest';
import { testPostgres } from '@sharehub/kit/testing';
import { inboxStoreContract } from '../testing/inboxStoreContract.js';
import { SqlInboxStore } from './SqlInboxStore.js';

// The inbox store contract on the real PostgreSQL server (DATABASE_URL in production), a database per test.
const postgres = testPostgres(process.env.TEST_DATABASE_URL);
afterAll(() => postgres.dropAll());
inboxStoreContract('SqlInboxStore on a PostgreSQL server', async () =>
  SqlInboxStore.open(await postgres.open()),
);
