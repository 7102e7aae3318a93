export { auditIndexContract } from './auditIndexContract.js';
export { makeAuditRecord } from './makeAuditRecord.js';
