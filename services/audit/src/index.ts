export * from './errors.js';
export { auditConfigSchema, readAuditConfig, AUDIT_SECRETS, type AuditConfig } from './config.js';
export type * from './index/AuditIndex.js';
export { InMemoryAuditIndex } from './index/InMemoryAuditIndex.js';
export { SqlAuditIndex } from './index/SqlAuditIndex.js';
export { toIndexRow } from './index/toIndexRow.js';
export type { AuditLogReader } from './log/AuditLogReader.js';
export { AuditLogReadModel, type AuditLogReadModelDeps } from './log/AuditLogReadModel.js';
export { AuditSequencer, type AuditSequencerDeps, type SequencedBatch } from './log/AuditSequencer.js';
export { ensureSigningKey, type SigningKeyFiles } from './log/ensureSigningKey.js';
export { startSequencing, type Sequencing, type SequencingOptions } from './startSequencing.js';
export { openAuditStores, type AuditStores } from './openAuditStores.js';
export { createAuditApp, type AuditAppDeps, type PositionedRecord } from './http/createAuditApp.js';
export {
  subjectAccessReport,
  type SubjectAccessReport,
  type SubjectAccessEntry,
} from './export/subjectAccessReport.js';
export { subjectAccessCsv } from './export/subjectAccessCsv.js';
export { verifyAudit, type AuditVerifyReport, type VerifyAuditOptions } from './verify/verifyAudit.js';
