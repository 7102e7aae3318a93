import { sqlDatabaseContract } from '../testing/sqlDatabaseContract.js';
import { PGliteDatabase } from './PGliteDatabase.js';

// The embedded default; the same suite runs on the PostgreSQL server in test/e2e.
sqlDatabaseContract('PGliteDatabase (in memory)', () => PGliteDatabase.open());
