import { fromHex, toHex } from './bytes.js';
import { verifyCheckpoint, type CheckpointPublicKeys, type SignedCheckpoint } from './checkpoint.js';
import { CheckpointError } from './errors.js';
import { MerkleLog } from './merkle/MerkleLog.js';
import { HASH_BYTES } from './merkle/leafHash.js';
import { verifyConsistency } from './merkle/verifyConsistency.js';
import { verifyInclusion } from './merkle/verifyInclusion.js';
import type { BlobStore } from './ports.js';
import {
  checkpointKey,
  checkpointPrefix,
  decodeSegment,
  parseCheckpointKey,
  parseSegmentKey,
  segmentPrefix,
  type DecodedLine,
} from './segment.js';

// Stands in for a leaf that is missing or unreadable, so later leaves keep their places in the rebuilt tree.
const ABSENT_LEAF = new Uint8Array(HASH_BYTES);

/** One row of the audit service's database index, to be checked against the leaf it claims to describe. */
export interface IndexRow {
  readonly leafIndex: number;
  /** Hex leaf hash. */
  readonly leafHash: string;
  readonly auditId: string;
  /** The record's canonical JSON, when the index keeps it. */
  readonly recordJson?: string;
}

/** What `verifyLog` can find wrong; each is a stable code. */
export type VerifyProblemCode =
  | 'SEGMENT_KEY_INVALID'
  | 'SEGMENT_UNREADABLE'
  | 'SEGMENT_OVERLAP'
  | 'LEAF_MISSING'
  | 'LEAF_UNREADABLE'
  | 'LEAF_OUT_OF_ORDER'
  | 'LEAF_DUPLICATE'
  | 'LEAF_UNEXPECTED'
  | 'LEAF_HASH_MISMATCH'
  | 'CHECKPOINT_KEY_INVALID'
  | 'CHECKPOINT_MALFORMED'
  | 'CHECKPOINT_KEY_UNKNOWN'
  | 'CHECKPOINT_SIGNATURE_INVALID'
  | 'CHECKPOINT_KEY_MISMATCH'
  | 'CHECKPOINT_BEYOND_LOG'
  | 'CHECKPOINT_ROOT_MISMATCH'
  | 'CHECKPOINT_INCLUSION_FAILED'
  | 'CHECKPOINT_INCONSISTENT'
  | 'CHECKPOINT_TIME_REGRESSION'
  | 'CHECKPOINT_MISSING'
  | 'CHECKPOINT_UNALIGNED'
  | 'LEAVES_UNCHECKPOINTED'
  | 'INDEX_ROW_MISMATCH'
  | 'INDEX_ROW_MISSING';

/** One thing found wrong, with the leaf it implicates where there is one and the object key where it was seen. */
export interface VerifyProblem {
  readonly code: VerifyProblemCode;
  readonly leafIndex?: number;
  readonly key?: string;
  readonly message: string;
}

/** The verdict on a log: `ok` only when nothing is wrong; `firstBadLeaf` the lowest leaf any problem names. */
export interface VerifyReport {
  readonly ok: boolean;
  readonly logId: string;
  /** Leaves rebuilt from the segments (missing ones counted in their places). */
  readonly size: number;
  /** Checkpoints whose signature verified and whose root was checked against the rebuilt tree. */
  readonly checkpointsChecked: number;
  readonly latestCheckpoint?: SignedCheckpoint;
  readonly firstBadLeaf?: number;
  readonly problems: readonly VerifyProblem[];
  /** Problems found past `maxProblems` and left out of `problems`. */
  readonly problemsOmitted: number;
}

/** What to verify, and how thoroughly. */
export interface VerifyLogOptions {
  readonly logId: string;
  /** The database index, in leaf order; every row must describe its leaf, and every leaf must have a row. */
  readonly indexRows?: Iterable<IndexRow> | AsyncIterable<IndexRow>;
  /** The log must hold at least this many leaves (a size known from elsewhere, against truncation). */
  readonly expectedSize?: number;
  /** Inclusion proofs per checkpoint: the first and last leaf it adds (`sample`, default) or every leaf (`all`). */
  readonly inclusion?: 'sample' | 'all';
  /** At most this many problems are listed (default 1000). */
  readonly maxProblems?: number;
}

/**
 * Verifies a stored log: rebuilds the tree from its segments (checking every line's canonical form, index and
 * leaf hash), checks every checkpoint's signature, root, inclusion proofs and its consistency proof from the
 * previous checkpoint, that every segment ends at a checkpoint, and, when given, that the index rows agree with
 * the leaves. Never throws on bad data: it reports it, naming the first bad leaf.
 */
export async function verifyLog(
  blobStore: BlobStore,
  publicKeys: CheckpointPublicKeys,
  options: VerifyLogOptions,
): Promise<VerifyReport> {
  const { logId } = options;
  const problems = new Problems(options.maxProblems ?? 1000);
  const tree = new MerkleLog();
  const keepLeaves = options.indexRows !== undefined;
  const leaves: { auditId: string; recordJson: string }[] = [];
  const segmentEnds: number[] = [];

  // 1. The segments, in leaf order.
  const segments: { key: string; start: number; end: number }[] = [];
  for (const key of await blobStore.list(segmentPrefix(logId))) {
    const range = parseSegmentKey(logId, key);
    if (range) segments.push({ key, ...range });
    else problems.add({ code: 'SEGMENT_KEY_INVALID', key, message: `${key} is not a segment key` });
  }
  segments.sort((a, b) => a.start - b.start || a.end - b.end);
  const absent = (): void => {
    tree.append(ABSENT_LEAF);
    if (keepLeaves) leaves.push({ auditId: '', recordJson: '' });
  };
  for (const { key, start, end } of segments) {
    if (start < tree.size) {
      problems.add({
        code: 'SEGMENT_OVERLAP',
        leafIndex: start,
        key,
        message: `${key} starts at leaf ${start}, inside leaves already read (up to ${tree.size})`,
      });
      continue;
    }
    if (start > tree.size) {
      problems.add({
        code: 'LEAF_MISSING',
        leafIndex: tree.size,
        message: `No segment holds leaves ${tree.size} to ${start - 1}`,
      });
      while (tree.size < start) absent();
    }
    const bytes = await blobStore.get(key);
    if (!bytes) {
      problems.add({ code: 'SEGMENT_UNREADABLE', leafIndex: start, key, message: `${key} cannot be read` });
      while (tree.size < end) absent();
      segmentEnds.push(end);
      continue;
    }
    const slots = checkSegment(key, start, end, decodeSegment(bytes), problems);
    for (const line of slots) {
      if (line) {
        tree.append(fromHex(line.computedLeafHash)!);
        if (keepLeaves) leaves.push({ auditId: line.record.auditId, recordJson: line.recordJson });
      } else absent();
    }
    segmentEnds.push(end);
  }

  // 2. The index agrees with the leaves, row by row (before the checkpoints, so a disagreement of a signed root can
  // be blamed on the leaf the index shows changed).
  if (options.indexRows) await checkIndex(options.indexRows, tree, leaves, problems);

  // 3. The checkpoints: signature, key, root, inclusion, consistency with the one before, time order.
  const checkpoints: SignedCheckpoint[] = [];
  for (const key of await blobStore.list(checkpointPrefix(logId))) {
    const size = parseCheckpointKey(logId, key);
    if (size === undefined) {
      problems.add({ code: 'CHECKPOINT_KEY_INVALID', key, message: `${key} is not a checkpoint key` });
      continue;
    }
    const bytes = await blobStore.get(key);
    try {
      if (!bytes) throw new CheckpointError('CHECKPOINT_MALFORMED', `${key} cannot be read`);
      const checkpoint = await verifyCheckpoint(new TextDecoder().decode(bytes), publicKeys);
      if (checkpoint.logId !== logId || checkpoint.size !== size) {
        problems.add({
          code: 'CHECKPOINT_KEY_MISMATCH',
          key,
          message: `${key} holds the checkpoint of log ${checkpoint.logId} at size ${checkpoint.size}`,
        });
        continue;
      }
      checkpoints.push(checkpoint);
    } catch (err) {
      if (!(err instanceof CheckpointError)) throw err;
      problems.add({ code: err.code as VerifyProblemCode, key, message: `${key}: ${err.message}` });
    }
  }
  checkpoints.sort((a, b) => a.size - b.size);
  const badLeaves = problems.leafIndexesSorted();
  let previous: SignedCheckpoint | undefined;
  let matchedSize = 0;
  let checked = 0;
  for (const checkpoint of checkpoints) {
    const key = checkpointKey(logId, checkpoint.size);
    const root = fromHex(checkpoint.rootHash)!;
    // The leaf to blame for a disagreement: the first bad leaf since the last matching checkpoint, else the first
    // leaf after it (the signed root cannot say which of those leaves changed).
    const blame = (): number => firstIn(badLeaves, matchedSize, checkpoint.size) ?? matchedSize;
    if (previous && checkpoint.timestamp < previous.timestamp)
      problems.add({
        code: 'CHECKPOINT_TIME_REGRESSION',
        key,
        message: `The checkpoint at size ${checkpoint.size} is dated before the one at size ${previous.size}`,
      });
    if (checkpoint.size > tree.size) {
      problems.add({
        code: 'CHECKPOINT_BEYOND_LOG',
        leafIndex: tree.size,
        key,
        message: `The checkpoint names ${checkpoint.size} leaves; the segments hold ${tree.size}`,
      });
      previous = checkpoint;
      continue;
    }
    checked += 1;
    const rootMatches = toHex(tree.rootAt(checkpoint.size)) === checkpoint.rootHash;
    if (!rootMatches)
      problems.add({
        code: 'CHECKPOINT_ROOT_MISMATCH',
        leafIndex: blame(),
        key,
        message: `The root at size ${checkpoint.size} rebuilt from the segments is not the signed root (leaves ${matchedSize} to ${checkpoint.size - 1} changed)`,
      });
    else {
      const from = previous && previous.size <= checkpoint.size ? previous.size : 0;
      for (const index of inclusionSample(from, checkpoint.size, options.inclusion ?? 'sample')) {
        const proof = tree.inclusionProof(index, checkpoint.size);
        if (!verifyInclusion(index, checkpoint.size, tree.leafHash(index), proof, root))
          problems.add({
            code: 'CHECKPOINT_INCLUSION_FAILED',
            leafIndex: index,
            key,
            message: `Leaf ${index} does not prove into the checkpoint at size ${checkpoint.size}`,
          });
      }
    }
    if (previous && previous.size <= tree.size) {
      const proof = tree.consistencyProof(previous.size, checkpoint.size);
      if (!verifyConsistency(previous.size, checkpoint.size, fromHex(previous.rootHash)!, root, proof))
        problems.add({
          code: 'CHECKPOINT_INCONSISTENT',
          leafIndex: blame(),
          key,
          message: `The checkpoint at size ${checkpoint.size} is not consistent with the one at size ${previous.size}`,
        });
    }
    if (rootMatches) matchedSize = checkpoint.size;
    previous = checkpoint;
  }

  // 4. Segments are cut at checkpoints: every segment end has one, and every leaf is under one.
  const checkpointSizes = new Set(checkpoints.map((c) => c.size));
  const latestSize = checkpoints.at(-1)?.size ?? 0;
  const ends = new Set(segmentEnds);
  for (const end of segmentEnds)
    if (!checkpointSizes.has(end) && end < latestSize)
      problems.add({
        code: 'CHECKPOINT_MISSING',
        key: checkpointKey(logId, end),
        message: `No valid checkpoint at the end of the segment ending at leaf ${end}`,
      });
  for (const size of checkpointSizes)
    if (!ends.has(size) && size <= tree.size)
      problems.add({
        code: 'CHECKPOINT_UNALIGNED',
        key: checkpointKey(logId, size),
        message: `The checkpoint at size ${size} is not at the end of a segment`,
      });
  if (tree.size > latestSize)
    problems.add({
      code: 'LEAVES_UNCHECKPOINTED',
      leafIndex: latestSize,
      message: `Leaves ${latestSize} to ${tree.size - 1} are under no valid checkpoint`,
    });
  if (options.expectedSize !== undefined && tree.size < options.expectedSize)
    problems.add({
      code: 'LEAF_MISSING',
      leafIndex: tree.size,
      message: `The log ends at ${tree.size} leaves; it should hold at least ${options.expectedSize}`,
    });

  return {
    ok: problems.count === 0,
    logId,
    size: tree.size,
    checkpointsChecked: checked,
    ...(checkpoints.length > 0 ? { latestCheckpoint: checkpoints.at(-1)! } : {}),
    ...(problems.firstLeaf !== undefined ? { firstBadLeaf: problems.firstLeaf } : {}),
    problems: problems.list,
    problemsOmitted: problems.count - problems.list.length,
  };
}

type GoodLine = Extract<DecodedLine, { ok: true }>;

// Places each readable line at the leaf index it declares, and reports what is unreadable, misplaced or missing.
function checkSegment(
  key: string,
  start: number,
  end: number,
  lines: readonly DecodedLine[],
  problems: Problems,
): (GoodLine | undefined)[] {
  const slots: (GoodLine | undefined)[] = new Array<GoodLine | undefined>(end - start).fill(undefined);
  const unreadable = new Set<number>();
  const order: number[] = [];
  for (const line of lines) {
    if (!line.ok) {
      unreadable.add(start + line.line);
      problems.add({
        code: 'LEAF_UNREADABLE',
        leafIndex: start + line.line,
        key,
        message: `Line ${line.line + 1} of ${key} (leaf ${start + line.line}) is unreadable: ${line.reason}`,
      });
      continue;
    }
    const index = line.leafIndex;
    // A line that claims an index it cannot have is blamed on the leaf whose place it takes.
    const place = start + line.line;
    if (index < start || index >= end) {
      problems.add({
        code: 'LEAF_UNEXPECTED',
        leafIndex: place,
        key,
        message: `Line ${line.line + 1} of ${key} claims leaf ${index}, outside the segment`,
      });
      continue;
    }
    if (slots[index - start]) {
      problems.add({
        code: 'LEAF_DUPLICATE',
        leafIndex: place,
        key,
        message: `Line ${line.line + 1} of ${key} claims leaf ${index} again`,
      });
      continue;
    }
    slots[index - start] = line;
    order.push(index);
    if (line.leafHash !== line.computedLeafHash)
      problems.add({
        code: 'LEAF_HASH_MISMATCH',
        leafIndex: index,
        key,
        message: `The record of leaf ${index} does not hash to its stored leaf hash`,
      });
  }
  const sorted = [...order].sort((a, b) => a - b);
  const outOfPlace = order.findIndex((index, i) => index !== sorted[i]);
  if (outOfPlace !== -1)
    problems.add({
      code: 'LEAF_OUT_OF_ORDER',
      leafIndex: sorted[outOfPlace]!,
      key,
      message: `${key} holds leaf ${order[outOfPlace]} where leaf ${sorted[outOfPlace]} belongs`,
    });
  slots.forEach((line, i) => {
    if (!line && !unreadable.has(start + i))
      problems.add({
        code: 'LEAF_MISSING',
        leafIndex: start + i,
        key,
        message: `Leaf ${start + i} is missing from ${key}`,
      });
  });
  return slots;
}

async function checkIndex(
  rows: Iterable<IndexRow> | AsyncIterable<IndexRow>,
  tree: MerkleLog,
  leaves: readonly { auditId: string; recordJson: string }[],
  problems: Problems,
): Promise<void> {
  let expected = 0;
  let beyondReported = false;
  for await (const row of rows) {
    if (row.leafIndex > expected)
      problems.add({
        code: 'INDEX_ROW_MISSING',
        leafIndex: expected,
        message: `The index has no rows for leaves ${expected} to ${row.leafIndex - 1}`,
      });
    else if (row.leafIndex < expected)
      problems.add({
        code: 'INDEX_ROW_MISMATCH',
        leafIndex: row.leafIndex,
        message: `The index repeats or reorders the row of leaf ${row.leafIndex}`,
      });
    expected = Math.max(expected, row.leafIndex + 1);
    if (row.leafIndex >= tree.size) {
      if (!beyondReported)
        problems.add({
          code: 'LEAF_MISSING',
          leafIndex: row.leafIndex,
          message: `The index has a row for leaf ${row.leafIndex}; the log holds ${tree.size} leaves`,
        });
      beyondReported = true;
      continue;
    }
    const leaf = leaves[row.leafIndex]!;
    const differs: string[] = [];
    if (row.leafHash !== toHex(tree.leafHash(row.leafIndex))) differs.push('leafHash');
    if (row.auditId !== leaf.auditId) differs.push('auditId');
    if (row.recordJson !== undefined && row.recordJson !== leaf.recordJson) differs.push('recordJson');
    if (differs.length > 0)
      problems.add({
        code: 'INDEX_ROW_MISMATCH',
        leafIndex: row.leafIndex,
        message: `The index row of leaf ${row.leafIndex} disagrees with the log on ${differs.join(', ')}`,
      });
  }
  if (expected < tree.size)
    problems.add({
      code: 'INDEX_ROW_MISSING',
      leafIndex: expected,
      message: `The index has no rows for leaves ${expected} to ${tree.size - 1}`,
    });
}

function inclusionSample(from: number, to: number, mode: 'sample' | 'all'): number[] {
  if (from >= to) return [];
  if (mode === 'all') return Array.from({ length: to - from }, (_, i) => from + i);
  return from === to - 1 ? [from] : [from, to - 1];
}

class Problems {
  readonly list: VerifyProblem[] = [];
  count = 0;
  firstLeaf: number | undefined;
  private readonly leafIndexes: number[] = [];

  constructor(private readonly max: number) {}

  add(problem: VerifyProblem): void {
    this.count += 1;
    if (this.list.length < this.max) this.list.push(problem);
    if (problem.leafIndex !== undefined) {
      this.leafIndexes.push(problem.leafIndex);
      if (this.firstLeaf === undefined || problem.leafIndex < this.firstLeaf)
        this.firstLeaf = problem.leafIndex;
    }
  }

  /** Every leaf index named so far, ascending. */
  leafIndexesSorted(): number[] {
    return [...this.leafIndexes].sort((a, b) => a - b);
  }
}

// The lowest value in [from, to) of an ascending array, by binary search.
function firstIn(sorted: readonly number[], from: number, to: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  const found = sorted[lo];
  return found !== undefined && found < to ? found : undefined;
}
