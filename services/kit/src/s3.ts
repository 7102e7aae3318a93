// `@sharehub/kit/s3`: the S3 adapter of the BlobStore port (loads the AWS SDK).
export { S3BlobStore, type S3BlobStoreOptions, type ServerSideEncryption } from './adapters/S3BlobStore.js';
