export { InMemoryBlobStore } from './InMemoryBlobStore.js';
export { sampleAuditRecord } from './sampleAuditRecord.js';
