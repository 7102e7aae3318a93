import { afterAll } from 'vitest';
import { testPostgres } from '@sharehub/kit/testing';
import { auditIndexContract } from '../testing/auditIndexContract.js';
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
