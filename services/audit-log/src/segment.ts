import { toHex } from './bytes.js';
import { canonicalRecordJson, type AuditRecordJson } from './canonicalRecord.js';
import { SegmentFormatError } from './errors.js';
import { leafHash } from './merkle/leafHash.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const NEWLINE = 0x0a;

/** Digits of the zero-padded leaf counts in object keys, so lexicographic order is numeric order. */
export const KEY_DIGITS = 12;

/** Content type of a segment object (JSON Lines). */
export const SEGMENT_CONTENT_TYPE = 'application/jsonl';

/** Content type of a checkpoint object (a compact JWS). */
export const CHECKPOINT_CONTENT_TYPE = 'application/jose';

/** One leaf as a segment stores it: its index, its hex leaf hash and the canonical JSON text of its record. */
export interface SegmentLeaf {
  readonly leafIndex: number;
  readonly leafHash: string;
  readonly recordJson: string;
}

/** One line of a segment as read back: the leaf it holds, or why it cannot be read. */
export type DecodedLine =
  | (SegmentLeaf & {
      readonly ok: true;
      /** 0-based line number within the segment. */
      readonly line: number;
      readonly record: AuditRecordJson;
      /** The hex leaf hash of the record's bytes as stored (compare with `leafHash`). */
      readonly computedLeafHash: string;
    })
  | { readonly ok: false; readonly line: number; readonly reason: string };

/** Throws unless `logId` is safe in an object key: 1-64 of letters, digits, `.`, `_`, `-`, not starting with `.`. */
export function assertLogId(logId: string): void {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/.test(logId))
    throw new SegmentFormatError(`Log id ${JSON.stringify(logId)} is not 1-64 of [A-Za-z0-9._-]`);
}

/** The key prefix of a log's segments. */
export function segmentPrefix(logId: string): string {
  assertLogId(logId);
  return `segments/${logId}/`;
}

/** The key prefix of a log's checkpoints. */
export function checkpointPrefix(logId: string): string {
  assertLogId(logId);
  return `checkpoints/${logId}/`;
}

/** The key of the segment holding leaves [start, end): `segments/<logId>/<start>-<end>.jsonl`, 12-digit padded. */
export function segmentKey(logId: string, start: number, end: number): string {
  if (!(start < end))
    throw new SegmentFormatError(`A segment holds at least one leaf, not [${start}, ${end})`);
  return `${segmentPrefix(logId)}${pad(start)}-${pad(end)}.jsonl`;
}

/** The key prefix of the one segment that can start at leaf `start` (a listing under it reads at most one key). */
export function segmentStartPrefix(logId: string, start: number): string {
  return `${segmentPrefix(logId)}${pad(start)}-`;
}

/** The key of the checkpoint at `size` leaves: `checkpoints/<logId>/<size>.jws`, 12-digit padded. */
export function checkpointKey(logId: string, size: number): string {
  return `${checkpointPrefix(logId)}${pad(size)}.jws`;
}

/** The leaf range a segment key names, or `undefined` when the key is not a segment key of this log. */
export function parseSegmentKey(logId: string, key: string): { start: number; end: number } | undefined {
  const prefix = segmentPrefix(logId);
  if (!key.startsWith(prefix)) return undefined;
  const match = /^(\d{12})-(\d{12})\.jsonl$/.exec(key.slice(prefix.length));
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return start < end ? { start, end } : undefined;
}

/** The size a checkpoint key names, or `undefined` when the key is not a checkpoint key of this log. */
export function parseCheckpointKey(logId: string, key: string): number | undefined {
  const prefix = checkpointPrefix(logId);
  if (!key.startsWith(prefix)) return undefined;
  const match = /^(\d{12})\.jws$/.exec(key.slice(prefix.length));
  return match ? Number(match[1]) : undefined;
}

/**
 * One segment line: the RFC 8785 canonical JSON of `{leafHash, leafIndex, record}` (keys already in JCS order, so
 * it is built by concatenation), then a newline.
 */
export function encodeSegmentLine(leaf: SegmentLeaf): string {
  return `{"leafHash":"${leaf.leafHash}","leafIndex":${leaf.leafIndex},"record":${leaf.recordJson}}\n`;
}

/** The bytes of a segment: its leaves' lines in leaf order, UTF-8. The same leaves always give the same bytes. */
export function encodeSegment(leaves: readonly SegmentLeaf[]): Uint8Array {
  return encoder.encode(leaves.map(encodeSegmentLine).join(''));
}

/**
 * Reads a segment back line by line, never throwing: each line is either a leaf (with the hash its record bytes
 * actually have) or the reason it is not one (not UTF-8, not JSON, not the canonical form, unterminated).
 */
export function decodeSegment(bytes: Uint8Array): DecodedLine[] {
  const lines: DecodedLine[] = [];
  let from = 0;
  let line = 0;
  while (from < bytes.byteLength) {
    const newline = bytes.indexOf(NEWLINE, from);
    const to = newline === -1 ? bytes.byteLength : newline;
    lines.push(decodeLine(bytes.subarray(from, to), line, newline !== -1));
    from = to + 1;
    line += 1;
  }
  return lines;
}

function decodeLine(bytes: Uint8Array, line: number, terminated: boolean): DecodedLine {
  const fail = (reason: string): DecodedLine => ({ ok: false, line, reason });
  let text: string;
  let parsed: unknown;
  try {
    text = decoder.decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    return fail('not UTF-8 JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return fail('not a JSON object');
  const { leafHash: storedHash, leafIndex, record } = parsed as Record<string, unknown>;
  if (Object.keys(parsed).length !== 3) return fail('fields other than leafHash, leafIndex, record');
  if (typeof storedHash !== 'string' || !/^[0-9a-f]{64}$/.test(storedHash))
    return fail('leafHash is not 64 lower-case hex characters');
  if (typeof leafIndex !== 'number' || !Number.isSafeInteger(leafIndex) || leafIndex < 0)
    return fail('leafIndex is not a non-negative integer');
  let recordJson: string;
  try {
    recordJson = canonicalRecordJson(record as AuditRecordJson);
  } catch (err) {
    return fail(`record is not an audit record: ${(err as Error).message}`);
  }
  const leaf = { leafIndex, leafHash: storedHash, recordJson };
  if (encodeSegmentLine(leaf) !== `${text}\n`) return fail('not in canonical form');
  if (!terminated) return fail('the last line is not terminated by a newline');
  return {
    ok: true,
    line,
    ...leaf,
    record: record as AuditRecordJson,
    computedLeafHash: toHex(leafHash(encoder.encode(recordJson))),
  };
}

function pad(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 10 ** KEY_DIGITS)
    throw new SegmentFormatError(`${n} does not fit a ${KEY_DIGITS}-digit key`);
  return String(n).padStart(KEY_DIGITS, '0');
}
