export { auditIndexContract } from './auditIndexContract.js';
export { makeAuditRecord } from './makeAuditRecord.js';
export { runVerify, VERIFY_CLI } from './runVerify.js';
