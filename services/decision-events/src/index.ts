export {
  HUB_ISSUER,
  hubCarePlanRef,
  toCarePlan,
  toShareDecision,
  toShareNotification,
  toTriageRequired,
  auditDecision,
  auditShare,
  auditTriage,
} from './toEvents.js';
export {
  deadLetterOutputs,
  deadLetterOf,
  deadLetterIdOf,
  deadLetterAuditIdOf,
  type DeadLetterReason,
} from './deadLetter.js';
export { transformEach, type DecodedHandler, type TransformContext } from './transformEach.js';
export { hubTopics, type HubTopics } from './hubTopics.js';
export {
  startDecisionTransform,
  type DecisionTransformOptions,
  type StagedBatch,
} from './startDecisionTransform.js';
export { eventTimeOf } from './eventTimeOf.js';
export {
  decisionServiceSchema,
  readDecisionServiceConfig,
  type DecisionServiceConfig,
  type OwnDecisionSettings,
} from './decisionServiceSettings.js';
export { runDecisionService, type DecisionServiceDeps } from './runDecisionService.js';
