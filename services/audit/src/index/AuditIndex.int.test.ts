import { PGliteDatabase } from '@sharehub/kit/sql';
import { auditIndexContract } from '../testing/auditIndexContract.js';
import { InMemoryAuditIndex } from './InMemoryAuditIndex.js';
import { SqlAuditIndex } from './SqlAuditIndex.js';

// One suite for the fake and the SQL index (embedded PostgreSQL here; a PostgreSQL server in AuditIndex.e2e.test.ts).
auditIndexContract('InMemoryAuditIndex', async () => new InMemoryAuditIndex());
auditIndexContract('SqlAuditIndex on PGlite', async () => SqlAuditIndex.open(await PGliteDatabase.open()));
