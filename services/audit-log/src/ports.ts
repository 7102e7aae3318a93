/** Options for {@link BlobStore.put}. */
export interface BlobPutOptions {
  readonly contentType?: string;
  /** Object Lock retention (compliance mode) until this instant, where the store supports it. */
  readonly retainUntil?: Date;
}

/**
 * Object storage as this library needs it: put, get, list. A subset of `@sharehub/kit`'s `BlobStore`, so its
 * `S3BlobStore` and `InMemoryBlobStore` fit as they are; `./testing` has a fake with tamper hooks.
 *
 * @example
 *   await blobs.put('segments/audit/000000000000-000000001000.jsonl', bytes, { contentType: 'application/jsonl' });
 *   const keys = await blobs.list('checkpoints/audit/'); // lexicographic order
 */
export interface BlobStore {
  put(key: string, body: Uint8Array, options?: BlobPutOptions): Promise<{ versionId?: string }>;
  /** The current bytes, or `undefined` when there is no such object. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Every current key under the prefix, in lexicographic order. */
  list(prefix: string): Promise<string[]>;
}

/**
 * The time, as a port, so the checkpoint timer and timestamps can be driven by tests.
 *
 * @example
 *   const clock: Clock = { now: () => new Date() };
 */
export interface Clock {
  now(): Date;
}
