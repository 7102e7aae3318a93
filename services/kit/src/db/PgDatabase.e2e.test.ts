import { afterAll } from 'vitest';
import { sqlDatabaseContract } from '../testing/sqlDatabaseContract.js';
import { testPostgres } from '../testing/testPostgres.js';

// The same suite as PGlite's (PGliteDatabase.int.test.ts), on the real PostgreSQL server, a database per test.
const postgres = testPostgres(process.env.TEST_DATABASE_URL);
afterAll(() => postgres.dropAll());
sqlDatabaseContract('PgDatabase on a PostgreSQL server', () => postgres.open());
