export {
  EXAMPLES_DIR,
  loadValidExamples,
  validExample,
  loadInvalidExamples,
  type ValidExample,
  type InvalidExample,
} from './goldenExamples.js';
export {
  TOPICS,
  prefixedTopics,
  loadTopicCatalogue,
  TOPIC_CATALOGUE_FILE,
  type TopicDeclaration,
} from './topicCatalogue.js';
export { AUDIT_BUCKET } from './auditBucket.js';
