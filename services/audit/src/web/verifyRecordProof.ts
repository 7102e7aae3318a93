import {
  AuditLogError,
  canonicalRecord,
  fromHex,
  leafHash,
  toHex,
  verifyCheckpoint,
  verifyInclusion,
  type AuditRecordJson,
  type CheckpointPublicKeys,
  type SignedCheckpoint,
} from '@sharehub/audit-log';
import type { RecordWithProof } from '../http/readRecordWithProof.js';

/** What the record page says about a record's proof, each part checked here on the server. */
export interface RecordProofStatus {
  /**
   * VERIFIED: every check below passed; PENDING: not yet under a signed checkpoint; FAILED: a check failed;
   * UNCHECKED: the inclusion proof verifies but no public keys were given to check the checkpoint's signature.
   */
  readonly state: 'VERIFIED' | 'PENDING' | 'FAILED' | 'UNCHECKED';
  readonly checkpoint: SignedCheckpoint | null;
  /** Whether the record is a leaf of the latest signed checkpoint's tree. */
  readonly inCheckpoint: boolean;
  /** The checkpoint's Ed25519 signature under the key its `kid` names (UNCHECKED: no public keys were given). */
  readonly signature: 'VERIFIED' | 'INVALID' | 'UNCHECKED' | 'NO_CHECKPOINT';
  /** Why the signature did not verify (a CheckpointError's code and message). */
  readonly signatureProblem: string | null;
  /** Whether the leaf hash the index holds is SHA-256(0x00 || the record's canonical bytes). */
  readonly leafHashMatches: boolean;
  /** Whether the audit path leads from the leaf hash to the checkpoint's root (null while pending). */
  readonly inclusion: 'VERIFIED' | 'INVALID' | null;
  readonly auditPath: readonly string[];
}

/**
 * Checks a record's proof server-side with `@sharehub/audit-log`: the checkpoint signature (verifyCheckpoint
 * against the checkpoint JWKS), the leaf hash recomputed from the record's canonical JSON, and the RFC 9162
 * inclusion proof against the root the signed checkpoint commits to (verifyInclusion).
 */
export async function verifyRecordProof(
  found: RecordWithProof,
  publicKeys: CheckpointPublicKeys | undefined,
): Promise<RecordProofStatus> {
  const { row, checkpoint, inclusionProof } = found;
  const recomputed = toHex(leafHash(canonicalRecord(JSON.parse(row.recordJson) as AuditRecordJson)));
  const leafHashMatches = recomputed === row.leafHash;
  let signature: RecordProofStatus['signature'] = 'NO_CHECKPOINT';
  let signatureProblem: string | null = null;
  // The root is taken from the signed payload once the signature verifies, never from unsigned fields.
  let root = checkpoint?.rootHash;
  if (checkpoint && !publicKeys) signature = 'UNCHECKED';
  else if (checkpoint && publicKeys) {
    try {
      root = (await verifyCheckpoint(checkpoint.jws, publicKeys)).rootHash;
      signature = 'VERIFIED';
    } catch (err) {
      if (!(err instanceof AuditLogError)) throw err;
      signature = 'INVALID';
      signatureProblem = `${err.code}: ${err.message}`;
    }
  }
  let inclusion: RecordProofStatus['inclusion'] = null;
  if (inclusionProof && root) {
    const path = inclusionProof.auditPath.map(fromHex);
    const leaf = fromHex(recomputed);
    const rootBytes = fromHex(root);
    inclusion =
      leaf &&
      rootBytes &&
      path.every((p): p is Uint8Array => p !== undefined) &&
      verifyInclusion(inclusionProof.leafIndex, inclusionProof.treeSize, leaf, path, rootBytes)
        ? 'VERIFIED'
        : 'INVALID';
  }
  const state: RecordProofStatus['state'] =
    !leafHashMatches || signature === 'INVALID' || inclusion === 'INVALID'
      ? 'FAILED'
      : inclusion === null
        ? 'PENDING'
        : signature === 'VERIFIED'
          ? 'VERIFIED'
          : 'UNCHECKED';
  return {
    state,
    checkpoint,
    inCheckpoint: inclusionProof !== null,
    signature,
    signatureProblem,
    leafHashMatches,
    inclusion,
    auditPath: inclusionProof?.auditPath ?? [],
  };
}
