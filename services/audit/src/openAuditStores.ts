import { type SqlDatabase } from '@sharehub/kit';
import { S3BlobStore } from '@sharehub/kit/s3';
import { openDatabase } from '@sharehub/kit/sql';
import type { AuditConfig } from './config.js';
import { SqlAuditIndex } from './index/SqlAuditIndex.js';

/** The audit service's stores: the index database and the archive bucket. */
export interface AuditStores {
  readonly db: SqlDatabase;
  readonly index: SqlAuditIndex;
  readonly blobs: S3BlobStore;
  close(): Promise<void>;
}

/**
 * Opens the index (PostgreSQL at DATABASE_URL, else embedded PGlite in AUDIT_DATA_DIR) and the S3 bucket of
 * segments and checkpoints (created with Object Lock when `createBucket` and it is missing).
 */
export async function openAuditStores(
  config: AuditConfig,
  options: { createBucket: boolean },
): Promise<AuditStores> {
  const blobs = new S3BlobStore({
    bucket: config.AUDIT_BUCKET,
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    ...(config.S3_SSE === 'AES256' ? { serverSideEncryption: { mode: 'AES256' as const } } : {}),
    ...(config.S3_SSE === 'aws:kms'
      ? {
          serverSideEncryption: {
            mode: 'aws:kms' as const,
            ...(config.S3_SSE_KMS_KEY_ID ? { kmsKeyId: config.S3_SSE_KMS_KEY_ID } : {}),
          },
        }
      : {}),
    ...(config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
      ? {
          credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY },
        }
      : {}),
  });
  if (options.createBucket) await blobs.ensureBucket();
  const db = await openDatabase({ url: config.DATABASE_URL, embeddedDir: config.AUDIT_DATA_DIR });
  const index = await SqlAuditIndex.open(db, {
    ...(config.AUDIT_DB_SCHEMA ? { schema: config.AUDIT_DB_SCHEMA } : {}),
    flushRows: config.AUDIT_INDEX_FLUSH_ROWS,
    flushMs: config.AUDIT_INDEX_FLUSH_MS,
  });
  return {
    db,
    index,
    blobs,
    close: async () => {
      blobs.s3.destroy();
      try {
        await index.close(); // writes the rows still waiting
      } finally {
        await db.close();
      }
    },
  };
}
