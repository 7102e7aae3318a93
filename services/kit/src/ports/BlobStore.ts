/** Options for {@link BlobStore.put}. */
export interface PutOptions {
  readonly contentType?: string;
  /** Object Lock retention (compliance mode) until this instant, where the store supports it. */
  readonly retainUntil?: Date;
}

/** An object's Object Lock retention. */
export interface Retention {
  readonly mode: 'COMPLIANCE' | 'GOVERNANCE';
  readonly retainUntil: Date;
}

/**
 * Object storage, as a port: the audit archive's segments and checkpoints. The S3 adapter is
 * `S3BlobStore`; `InMemoryBlobStore` is its fake; both pass `blobStoreContract`. The bucket is versioned,
 * so a plain delete leaves every earlier version readable by its version id.
 *
 * @example
 *   const { versionId } = await blobs.put('segments/log/000000000000-000000001000.jsonl', bytes, { retainUntil });
 */
export interface BlobStore {
  put(key: string, body: Uint8Array, options?: PutOptions): Promise<{ versionId?: string }>;
  /** The current version, or the one named; `undefined` when there is none (or it was deleted). */
  get(key: string, options?: { versionId?: string }): Promise<Uint8Array | undefined>;
  /** Every current key under the prefix, in lexicographic order. */
  list(prefix: string): Promise<string[]>;
  /** A plain delete: on a versioned store it hides the current version and keeps every version. */
  delete(key: string): Promise<void>;
  retention(key: string, options?: { versionId?: string }): Promise<Retention | undefined>;
}
