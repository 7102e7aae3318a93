import { ProofRangeError } from '../errors.js';
import type { NodeId, ProofPlan } from './NodeReader.js';
import { isCount, perfectNodes, splitPoint } from './treeMath.js';

/**
 * The nodes of the audit path of leaf `index` in the tree of `size` leaves: RFC 6962 section 2.1.1 PATH(m, D[n]),
 * leaf-side first.
 */
export function inclusionProofPlan(index: number, size: number): ProofPlan {
  if (!isCount(index) || !isCount(size) || index >= size)
    throw new ProofRangeError(`No inclusion proof for leaf ${index} in a tree of size ${size}`);
  const plan: (readonly NodeId[])[] = [];
  path(index, 0, size, plan);
  return plan;
}

// PATH(m, D[start:start+n]); appends to `out` in proof order (the deepest sibling first).
function path(m: number, start: number, n: number, out: (readonly NodeId[])[]): void {
  if (n === 1) return;
  const k = splitPoint(n);
  if (m < k) {
    path(m, start, k, out);
    out.push(perfectNodes(start + k, start + n));
  } else {
    path(m - k, start + k, n - k, out);
    out.push(perfectNodes(start, start + k));
  }
}
