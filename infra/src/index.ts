export { infraDir, repoRoot } from './paths.js';
export { loadTopicCatalogue, TOPICS, prefixedTopics } from './topicCatalogue.js';
export {
  LOCAL_KAFKA,
  LOCAL_S3,
  ensureLocalServer,
  ForeignServerError,
  startedByThisInstallation,
  portOpen,
  runServerScript,
  type LocalServer,
} from './localServers.js';
export { provisionInfra, AUDIT_BUCKET } from './provisionInfra.js';
