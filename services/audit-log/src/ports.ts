// Object storage is the kit's BlobStore port (S3BlobStore, and InMemoryBlobStore held to the same contract): one port
// and one fake for the hub. A type-only import, so this pure library loads nothing of the kit at run time.
import type { BlobStore as KitBlobStore } from '@sharehub/kit';
export type { PutOptions as BlobPutOptions } from '@sharehub/kit';

/** The part of the kit's BlobStore port the log uses: put, get, list (lexicographic). */
export type BlobStore = Pick<KitBlobStore, 'put' | 'get' | 'list'>;

/**
 * The time, as a port, so the checkpoint timer and timestamps can be driven by tests.
 *
 * @example
 *   const clock: Clock = { now: () => new Date() };
 */
export interface Clock {
  now(): Date;
}
