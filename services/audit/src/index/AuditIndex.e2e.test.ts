import { afterAll } from 'vitest';
import { testPostgres } from '@sharehub/kit/testing';
import { auditIndexContract } from '../testing/auditIndexContract.js';
import { SqlAuditIndex } from './SqlAuditIndex.js';

// The audit index contract on the real PostgreSQL server (DATABASE_URL in production), a database per test.
const postgres = testPostgres(process.env.TEST_DATABASE_URL);
afterAll(() => postgres.dropAll());
auditIndexContract('SqlAuditIndex on a PostgreSQL server', async () =>
  SqlAuditIndex.open(await postgres.open()),
);
