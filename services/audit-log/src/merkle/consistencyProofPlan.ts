import { ProofRangeError } from '../errors.js';
import type { NodeId, ProofPlan } from './NodeReader.js';
import { isCount, perfectNodes, splitPoint } from './treeMath.js';

/**
 * The nodes of the consistency proof from the tree of `size1` leaves to the tree of `size2`: RFC 6962 section
 * 2.1.2 PROOF(m, D[n]) = SUBPROOF(m, D[n], true). Empty when the sizes are equal or `size1` is 0.
 */
export function consistencyProofPlan(size1: number, size2: number): ProofPlan {
  if (!isCount(size1) || !isCount(size2) || size1 > size2)
    throw new ProofRangeError(`No consistency proof from size ${size1} to size ${size2}`);
  const plan: (readonly NodeId[])[] = [];
  if (size1 === 0 || size1 === size2) return plan;
  subproof(size1, 0, size2, true, plan);
  return plan;
}

// SUBPROOF(m, D[start:start+n], b); appends to `out` in proof order.
function subproof(m: number, start: number, n: number, b: boolean, out: (readonly NodeId[])[]): void {
  if (m === n) {
    if (!b) out.push(perfectNodes(start, start + n));
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(m, start, k, b, out);
    out.push(perfectNodes(start + k, start + n));
  } else {
    subproof(m - k, start + k, n - k, false, out);
    out.push(perfectNodes(start, start + k));
  }
}
