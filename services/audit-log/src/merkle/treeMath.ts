import type { NodeId } from './NodeReader.js';

// Sizes and indexes reach 2^53, past the 32 bits JavaScript's bit operators use: arithmetic only.

/** The largest power of two strictly below `n` (n >= 2): RFC 6962's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** True when `n` is a non-negative integer the log can count to exactly. */
export function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/**
 * The perfect subtrees, left to right, that make up leaves [start, end), where `start` is a multiple of the
 * largest power of two not above end - start (true of every range RFC 6962's recursions visit, and of [0, n)).
 */
export function perfectNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    let width = 1;
    while (at % (width * 2) === 0 && at + width * 2 <= end) {
      width *= 2;
      level += 1;
    }
    nodes.push({ level, index: at / width });
    at += width;
  }
  return nodes;
}
