export { auditIndexContract } from './auditIndexContract.js';
export { makeAuditRecord } from './makeAuditRecord.js';
export { runVerify, VERIFY_CLI } from './runVerify.js';
export { spawnAuditService, AUDIT_MAIN, type AuditProcess } from './spawnAuditService.js';
export { deadLetterStoreContract, makeDeadLetter } from './deadLetterStoreContract.js';
export { REDRIVE_CLI } from './REDRIVE_CLI.js';
export { seededDashboardWeek } from './seededDashboardWeek.js';
export { readModelContract, type ReadModelFixture } from './readModelContract.js';
