import { afterAll } from 'vitest';
import { testPostgres } from '@sharehub/kit/testing';
import { CachedAcceptedEventLedger } from './CachedAcceptedEventLedger.js';
import { ledgerContract } from './ledgerContract.js';
import { SqlAcceptedEventLedger } from './SqlAcceptedEventLedger.js';

// The ledger contract on the real PostgreSQL server (DATABASE_URL in production), a database per test.
const postgres = testPostgres(process.env.TEST_DATABASE_URL);
afterAll(() => postgres.dropAll());
ledgerContract('SQL on a PostgreSQL server', async () => SqlAcceptedEventLedger.open(await postgres.open()));
ledgerContract(
  'memory in front of SQL on a PostgreSQL server',
  async () =>
    new CachedAcceptedEventLedger(await SqlAcceptedEventLedger.open(await postgres.open()), {
      maxEntries: 1000,
    }),
);
