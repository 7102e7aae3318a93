import { sqlDatabaseContract } from '../testing/sqlDatabaseContract.js';
import { PGliteDatabase } from './PGliteDatabase.js';

// The embedded default; the same suite runs on a PostgreSQL server in PgDatabase.e2e.test.ts.
sqlDatabaseContract('PGliteDatabase (in memory)', () => PGliteDatabase.open());
