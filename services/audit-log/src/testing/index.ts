export { sampleAuditRecord } from './sampleAuditRecord.js';
