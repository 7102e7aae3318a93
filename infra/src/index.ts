export { infraDir, repoRoot } from './paths.js';
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
export { provisionInfra } from './provisionInfra.js';
