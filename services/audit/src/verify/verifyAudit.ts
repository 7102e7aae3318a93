import {
  verifyLog,
  type BlobStore,
  type CheckpointPublicKeys,
  type IndexRow,
  type VerifyProblem,
  type VerifyReport,
} from '@sharehub/audit-log';
import type { AuditRecord } from '@sharehub/schemas';
import type { AuditIndex, AuditIndexRow } from '../index/AuditIndex.js';
import { toIndexRow } from '../index/toIndexRow.js';

/** A problem `verifyAudit` finds beyond the log library's: an index column that is not what its record says. */
export interface IndexColumnProblem {
  readonly code: 'INDEX_COLUMN_MISMATCH';
  readonly leafIndex: number;
  readonly message: string;
}

/** The verdict on the audit log and its index; `firstBadLeaf` names the lowest leaf any problem implicates. */
export interface AuditVerifyReport extends Omit<VerifyReport, 'problems'> {
  readonly bucket?: string;
  readonly indexRows: number;
  readonly problems: ReadonlyArray<VerifyProblem | IndexColumnProblem>;
}

/** What to verify. */
export interface VerifyAuditOptions {
  readonly logId: string;
  readonly blobs: BlobStore;
  readonly publicKeys: CheckpointPublicKeys;
  /** The index to check against the log; leave out to check the stored log alone. */
  readonly index?: AuditIndex;
  readonly inclusion?: 'all' | 'sample';
  /** Progress lines for long runs (the CLI writes them to stderr). */
  readonly progress?: (line: string) => void;
}

const PAGE = 1000;
const PROGRESS_EVERY = 10_000;

/**
 * Verifies the audit log end to end: rebuilds the tree from the S3 segments, checks every checkpoint's signature,
 * root, inclusion proofs and consistency with the one before (`verifyLog` of `@sharehub/audit-log`), that every
 * index row describes its leaf (hash, audit id, record JSON), and that every searchable column of a row is what
 * its record says (an edited `kind`, subject or team is found, not just an edited record).
 */
export async function verifyAudit(options: VerifyAuditOptions): Promise<AuditVerifyReport> {
  const progress = options.progress ?? (() => undefined);
  const columnProblems: IndexColumnProblem[] = [];
  let indexRows = 0;
  const blobs = countingReads(options.blobs, progress);
  const rows = options.index ? indexRowsOf(options.index) : undefined;
  async function* checkedRows(): AsyncIterable<IndexRow> {
    if (!rows) return;
    for await (const row of rows) {
      indexRows++;
      if (indexRows % PROGRESS_EVERY === 0) progress(`index rows checked: ${indexRows}`);
      const { differs, auditId } = columnsThatDiffer(row);
      if (differs.length > 0)
        columnProblems.push({
          code: 'INDEX_COLUMN_MISMATCH',
          leafIndex: row.leafIndex,
          message: `The index row of leaf ${row.leafIndex} has ${differs.join(', ')} that its record does not say`,
        });
      // The index holds a storable copy of an audit id (indexText); the log checks the record's own, once the
      // copy has been found to be the record's.
      yield differs.includes('auditId') || auditId === undefined ? row : { ...row, auditId };
    }
  }
  progress(`verifying log ${options.logId}`);
  const report = await verifyLog(blobs, options.publicKeys, {
    logId: options.logId,
    inclusion: options.inclusion ?? 'all',
    ...(rows ? { indexRows: checkedRows() } : {}),
  });
  progress(`done: ${report.size} leaves, ${report.checkpointsChecked} checkpoints, ${indexRows} index rows`);
  const problems = [...report.problems, ...columnProblems];
  const leaves = problems.flatMap((p) => (p.leafIndex === undefined ? [] : [p.leafIndex]));
  const { firstBadLeaf: _ignored, ...rest } = report;
  return {
    ...rest,
    ok: report.ok && columnProblems.length === 0,
    indexRows,
    ...(leaves.length > 0 ? { firstBadLeaf: Math.min(...leaves) } : {}),
    problems,
  };
}

async function* indexRowsOf(index: AuditIndex): AsyncIterable<AuditIndexRow> {
  let from = 0;
  for (;;) {
    const page = await index.range(from, PAGE);
    yield* page;
    if (page.length < PAGE) return;
    from = page.at(-1)!.leafIndex + 1;
  }
}

function columnsThatDiffer(row: AuditIndexRow): { differs: string[]; auditId?: string } {
  let record: AuditRecord;
  try {
    record = JSON.parse(row.recordJson) as AuditRecord;
  } catch {
    return { differs: ['a record that is not JSON'] };
  }
  const expected = toIndexRow(record, row) as unknown as Record<string, unknown>;
  const actual = row as unknown as Record<string, unknown>;
  return {
    differs: Object.keys(expected).filter((k) => JSON.stringify(expected[k]) !== JSON.stringify(actual[k])),
    auditId: record.auditId,
  };
}

/** The blob store, reporting progress every 100 objects read. */
function countingReads(blobs: BlobStore, progress: (line: string) => void): BlobStore {
  let reads = 0;
  return {
    put: (...args) => blobs.put(...args),
    list: (prefix) => blobs.list(prefix),
    get: async (key) => {
      if (++reads % 100 === 0) progress(`objects read: ${reads}`);
      return blobs.get(key);
    },
  };
}
