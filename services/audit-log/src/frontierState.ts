import { fromHex, toHex } from './bytes.js';
import { SegmentFormatError } from './errors.js';
import { MerkleFrontier } from './merkle/MerkleFrontier.js';
import { assertLogId } from './segment.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Content type of the frontier state object (JSON). */
export const FRONTIER_STATE_CONTENT_TYPE = 'application/json';

/**
 * Where the writer resumes from: the tree's right edge at the latest checkpoint's size, and that size's last leaf
 * hash. Derived state, written after each checkpoint and overwritten by the next; a verifier never trusts it (the
 * writer checks it against the signed checkpoint of its size before resuming).
 */
export interface FrontierState {
  readonly logId: string;
  readonly size: number;
  /** Hex root hash of the first `size` leaves (the checkpoint's). */
  readonly rootHash: string;
  /** Hex leaf hash of leaf `size - 1`. */
  readonly lastLeafHash: string;
  readonly frontier: MerkleFrontier;
}

/** The key of a log's frontier state: `state/<logId>/frontier.json`. */
export function frontierStateKey(logId: string): string {
  assertLogId(logId);
  return `state/${logId}/frontier.json`;
}

/** The bytes of a frontier state: JSON of `{logId, size, rootHash, lastLeafHash, frontier: [hex…]}`. */
export function encodeFrontierState(state: FrontierState): Uint8Array {
  return encoder.encode(
    JSON.stringify({
      logId: state.logId,
      size: state.size,
      rootHash: state.rootHash,
      lastLeafHash: state.lastLeafHash,
      frontier: state.frontier.hashesLeftToRight().map(toHex),
    }),
  );
}

/** Reads a frontier state back; throws `SegmentFormatError` unless it is one whose hashes make its root. */
export function decodeFrontierState(bytes: Uint8Array): FrontierState {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(decoder.decode(bytes)) as Record<string, unknown>;
  } catch {
    throw new SegmentFormatError('The frontier state is not UTF-8 JSON');
  }
  const { logId, size, rootHash, lastLeafHash, frontier } = parsed;
  const hashes = Array.isArray(frontier)
    ? frontier.map((h) => (typeof h === 'string' ? fromHex(h) : undefined))
    : [];
  if (
    typeof logId !== 'string' ||
    typeof size !== 'number' ||
    !Number.isSafeInteger(size) ||
    size < 1 ||
    typeof rootHash !== 'string' ||
    typeof lastLeafHash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(lastLeafHash) ||
    !Array.isArray(frontier) ||
    hashes.some((h) => h === undefined)
  )
    throw new SegmentFormatError('The frontier state is not {logId, size, rootHash, lastLeafHash, frontier}');
  let restored: MerkleFrontier;
  try {
    restored = MerkleFrontier.of(size, hashes as Uint8Array[]);
  } catch (cause) {
    throw new SegmentFormatError(`The frontier state's hashes do not fit size ${size}`, { cause });
  }
  if (toHex(restored.root()) !== rootHash)
    throw new SegmentFormatError('The frontier state does not hash to its root');
  return { logId, size, rootHash, lastLeafHash, frontier: restored };
}
