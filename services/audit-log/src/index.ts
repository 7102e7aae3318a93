export * from './errors.js';
export { toHex, fromHex, bytesEqual } from './bytes.js';
export type { BlobStore, BlobPutOptions, Clock } from './ports.js';
export { canonicalRecord, canonicalRecordJson, type AuditRecordJson } from './canonicalRecord.js';
export type { CanonicalJsonOptions } from '@sharehub/kit/json';
export { prepareLeaf, type PreparedLeaf } from './prepareLeaf.js';
export {
  CHECKPOINT_TYP,
  checkpointPayload,
  decodeCheckpoint,
  generateSigningKey,
  parseCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
  type Checkpoint,
  type CheckpointKeyResolver,
  type CheckpointPublicKeys,
  type SignedCheckpoint,
  type SigningKey,
} from './checkpoint.js';
export {
  CHECKPOINT_CONTENT_TYPE,
  KEY_DIGITS,
  SEGMENT_CONTENT_TYPE,
  assertLogId,
  checkpointKey,
  checkpointPrefix,
  decodeSegment,
  encodeSegment,
  encodeSegmentLine,
  parseCheckpointKey,
  parseSegmentKey,
  segmentKey,
  segmentPrefix,
  segmentStartPrefix,
  type DecodedLine,
  type SegmentLeaf,
} from './segment.js';
export {
  AuditLogWriter,
  type AppendedLeaf,
  type AuditLogWriterOptions,
  type CheckpointPolicy,
} from './AuditLogWriter.js';
export {
  verifyLog,
  type IndexRow,
  type VerifyLogOptions,
  type VerifyProblem,
  type VerifyProblemCode,
  type VerifyReport,
} from './verifyLog.js';
export { HASH_BYTES, leafHash } from './merkle/leafHash.js';
export { nodeHash } from './merkle/nodeHash.js';
export { emptyRoot } from './merkle/emptyRoot.js';
export { rootOf } from './merkle/rootOf.js';
export { MerkleLog } from './merkle/MerkleLog.js';
export { MerkleFrontier } from './merkle/MerkleFrontier.js';
export {
  FRONTIER_STATE_CONTENT_TYPE,
  decodeFrontierState,
  encodeFrontierState,
  frontierStateKey,
  type FrontierState,
} from './frontierState.js';
export type { AsyncNodeReader, NodeId, NodeReader, ProofPlan } from './merkle/NodeReader.js';
export { inclusionProofPlan } from './merkle/inclusionProofPlan.js';
export { consistencyProofPlan } from './merkle/consistencyProofPlan.js';
export { materialiseProof, materialiseProofAsync } from './merkle/materialiseProof.js';
export { inclusionProof } from './merkle/inclusionProof.js';
export { consistencyProof } from './merkle/consistencyProof.js';
export { rootFromInclusionProof, verifyInclusion } from './merkle/verifyInclusion.js';
export { verifyConsistency } from './merkle/verifyConsistency.js';
