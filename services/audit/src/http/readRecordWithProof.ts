import type { SignedCheckpoint } from '@sharehub/audit-log';
import { NotFoundError } from '@sharehub/kit';
import type { AuditIndex, AuditIndexRow } from '../index/AuditIndex.js';
import type { AuditLogReader } from '../log/AuditLogReader.js';

/** The RFC 6962 inclusion proof of one leaf in the tree of a signed checkpoint (hashes in hex). */
export interface InclusionProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly auditPath: readonly string[];
}

/** One record with the latest signed checkpoint and, when the record is under it, its inclusion proof. */
export interface RecordWithProof {
  readonly row: AuditIndexRow;
  readonly checkpoint: SignedCheckpoint | null;
  readonly inclusionProof: InclusionProof | null;
}

/**
 * Reads one record and its inclusion proof against the latest signed checkpoint, for `GET /v1/audit/records/:id`
 * and the record page; 404 AUDIT_RECORD_NOT_FOUND when no leaf has that audit id, or when the record belongs to an
 * area not among the caller's `areas` (answered alike, so ids cannot be probed).
 */
export async function readRecordWithProof(
  index: AuditIndex,
  log: AuditLogReader,
  auditId: string,
  areas: readonly string[],
): Promise<RecordWithProof> {
  const row = await index.get(auditId);
  if (!row || (row.area !== null && !areas.includes(row.area)))
    throw new NotFoundError('AUDIT_RECORD_NOT_FOUND', 'No audit record of your areas has that id');
  const checkpoint = (await log.latestCheckpoint()) ?? null;
  const inCheckpoint = checkpoint !== null && row.leafIndex < checkpoint.size;
  return {
    row,
    checkpoint,
    inclusionProof: inCheckpoint
      ? {
          leafIndex: row.leafIndex,
          treeSize: checkpoint.size,
          leafHash: row.leafHash,
          auditPath: await log.inclusionProof(row.leafIndex, checkpoint.size),
        }
      : null,
  };
}
