import { randomUUID } from 'node:crypto';
import { afterAll } from 'vitest';
import { SqlAuditIndex } from '@sharehub/audit';
import { readModelContract } from '@sharehub/audit/testing';
import { S3BlobStore } from '@sharehub/kit/s3';
import { testPostgres } from '@sharehub/kit/testing';
import { testServers } from '@sharehub/test-support';

// The audit log's read model in an instance without the partition (docs/adr/0064) on the real adapters: the bucket
// on the S3 server, and two indexes over one PostgreSQL database as two audit processes open it (the writer's rows
// waiting in its journal until it stops). The same contract runs on the fakes and PGlite in services/audit.
const postgres = testPostgres(process.env.TEST_DATABASE_URL);
afterAll(() => postgres.dropAll());

readModelContract('on the S3 server and PostgreSQL, the writer’s rows still in its journal', async () => {
  const db = await postgres.open();
  const blobs = new S3BlobStore({
    bucket: `e2e-read-model-${randomUUID()}`,
    endpoint: testServers().s3Endpoint,
  });
  await blobs.ensureBucket();
  return {
    blobs,
    writerIndex: await SqlAuditIndex.open(db, { flushRows: 1_000_000, flushMs: 3_600_000 }),
    readerIndex: await SqlAuditIndex.open(db),
  };
});
