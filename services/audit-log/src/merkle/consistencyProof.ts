import type { NodeReader } from './NodeReader.js';
import { consistencyProofPlan } from './consistencyProofPlan.js';
import { materialiseProof } from './materialiseProof.js';

/** The RFC 6962 consistency proof (section 2.1.2) from the tree of `size1` leaves to the tree of `size2`. */
export function consistencyProof(size1: number, size2: number, reader: NodeReader): Uint8Array[] {
  return materialiseProof(consistencyProofPlan(size1, size2), reader);
}
