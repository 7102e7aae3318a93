import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectRetentionCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectRetentionCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { BlobStore, PutOptions, Retention } from '../ports/BlobStore.js';

/**
 * Server-side encryption requested on every put: SSE-S3 (`AES256`, keys managed by the store) or SSE-KMS
 * (`aws:kms`, with a KMS key id or alias; unset: the account's default `aws/s3` key).
 */
export type ServerSideEncryption =
  { readonly mode: 'AES256' } | { readonly mode: 'aws:kms'; readonly kmsKeyId?: string };

/** Settings for {@link S3BlobStore}. */
export interface S3BlobStoreOptions {
  /** Encryption at rest requested on every put (none by default: the bucket's default encryption applies). */
  readonly serverSideEncryption?: ServerSideEncryption;
  readonly bucket: string;
  /** A local or S3-compatible endpoint (path-style); leave unset for AWS S3. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
  readonly client?: Partial<S3ClientConfig>;
}

/** The BlobStore on S3 (AWS, or S3Mock/MinIO locally): a versioned bucket with Object Lock enabled. */
export class S3BlobStore implements BlobStore {
  readonly s3: S3Client;
  readonly bucket: string;
  private readonly encryption: ServerSideEncryption | undefined;

  constructor(options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.encryption = options.serverSideEncryption;
    this.s3 = new S3Client({
      region: options.region ?? 'eu-west-2',
      forcePathStyle: options.endpoint !== undefined,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      credentials: options.credentials ?? { accessKeyId: 'local', secretAccessKey: 'local' },
      ...options.client,
    });
  }

  /** Creates the bucket with Object Lock (which implies versioning) unless it exists; idempotent. */
  async ensureBucket(): Promise<void> {
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    try {
      await this.s3.send(new CreateBucketCommand({ Bucket: this.bucket, ObjectLockEnabledForBucket: true }));
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
    }
    await this.s3.send(
      new PutBucketVersioningCommand({ Bucket: this.bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
  }

  async put(key: string, body: Uint8Array, options: PutOptions = {}): Promise<{ versionId?: string }> {
    const out = await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType ?? 'application/octet-stream',
        ...encryptionHeaders(this.encryption),
        ...(options.retainUntil
          ? { ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: options.retainUntil }
          : {}),
      }),
    );
    if (options.retainUntil) {
      // AWS applies the lock from the PutObject headers; S3-compatible servers such as S3Mock store it only through
      // PutObjectRetention. Setting the same retention again is allowed in compliance mode, so do both.
      await this.s3.send(
        new PutObjectRetentionCommand({
          Bucket: this.bucket,
          Key: key,
          ...(out.VersionId ? { VersionId: out.VersionId } : {}),
          Retention: { Mode: 'COMPLIANCE', RetainUntilDate: options.retainUntil },
        }),
      );
    }
    return out.VersionId ? { versionId: out.VersionId } : {};
  }

  async get(key: string, options: { versionId?: string } = {}): Promise<Uint8Array | undefined> {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(options.versionId ? { VersionId: options.versionId } : {}),
        }),
      );
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const object of out.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async retention(key: string, options: { versionId?: string } = {}): Promise<Retention | undefined> {
    try {
      const out = await this.s3.send(
        new GetObjectRetentionCommand({
          Bucket: this.bucket,
          Key: key,
          ...(options.versionId ? { VersionId: options.versionId } : {}),
        }),
      );
      const r = out.Retention;
      if (!r?.Mode || !r.RetainUntilDate) return undefined;
      return { mode: r.Mode, retainUntil: new Date(r.RetainUntilDate) };
    } catch (err) {
      if (isNotFound(err) || (err as { name?: string }).name === 'NoSuchObjectLockConfiguration')
        return undefined;
      throw err;
    }
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e.name === 'NotFound' ||
    e.name === 'NoSuchKey' ||
    e.name === 'NoSuchBucket' ||
    e.$metadata?.httpStatusCode === 404
  );
}

/** The PutObject parameters (x-amz-server-side-encryption headers) of a server-side encryption setting. */
function encryptionHeaders(sse: ServerSideEncryption | undefined): {
  ServerSideEncryption?: 'AES256' | 'aws:kms';
  SSEKMSKeyId?: string;
} {
  if (!sse) return {};
  if (sse.mode === 'AES256') return { ServerSideEncryption: 'AES256' };
  return { ServerSideEncryption: 'aws:kms', ...(sse.kmsKeyId ? { SSEKMSKeyId: sse.kmsKeyId } : {}) };
}
