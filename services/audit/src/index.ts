export * from './errors.js';
export type * from './index/AuditIndex.js';
export { InMemoryAuditIndex } from './index/InMemoryAuditIndex.js';
export { SqlAuditIndex } from './index/SqlAuditIndex.js';
export { toIndexRow } from './index/toIndexRow.js';
