import type { NodeReader } from './NodeReader.js';
import { inclusionProofPlan } from './inclusionProofPlan.js';
import { materialiseProof } from './materialiseProof.js';

/** The RFC 6962 audit path (section 2.1.1) of leaf `index` in the tree of `size` leaves. */
export function inclusionProof(index: number, size: number, reader: NodeReader): Uint8Array[] {
  return materialiseProof(inclusionProofPlan(index, size), reader);
}
