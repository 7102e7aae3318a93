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
export {
  startDevIdentityProvider,
  DEV_PAGE_CLIENTS,
  DEV_PASSWORD,
  type DevIdentityProvider,
  type DevIdentityProviderOptions,
  type DevPageClient,
} from './devIdentityProvider/startDevIdentityProvider.js';
export {
  DEV_CLIENT_SECRET,
  DEV_IDP_PORT,
  DEV_SYSTEM_CLIENTS,
  DEV_TOKEN_CLIENT,
  devResourceFor,
} from './devIdentityProvider/devClients.js';
export { requestDevProviderToken } from './devIdentityProvider/requestDevProviderToken.js';
export { devAccounts, type DevAccount } from './devIdentityProvider/devAccounts.js';
