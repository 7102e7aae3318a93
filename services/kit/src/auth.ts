// `@sharehub/kit/auth`: who the caller is: tokens, their verification (development keys, or an OpenID provider by
// discovery, with its claim names), roles and audiences.
export { ROLES, type Role, type Caller } from './auth/claims.js';
export {
  createTokenVerifier,
  tokenVerifierOf,
  TOKEN_DEFAULTS,
  requireRole,
  callerOf,
  type TokenVerifier,
  type TokenVerifierOptions,
  type TrustedIssuer,
} from './auth/createTokenVerifier.js';
export {
  ensureDevKeys,
  signDevToken,
  devKeyPaths,
  DEV_ISSUER,
  DEV_TOKEN_LIFETIME,
  type DevTokenClaims,
} from './auth/devKeys.js';
export {
  authSettings,
  authProductionRules,
  tokenVerifierOptions,
  discoverTokenVerifierOptions,
  claimNamesOf,
  authFailureLimit,
  type AuthSettings,
} from './auth/authSettings.js';
export { DEFAULT_CLAIM_NAMES, mapClaims, type ClaimNames, type MappedClaims } from './auth/mapClaims.js';
export { discoverTrustedIssuer } from './auth/discoverTrustedIssuer.js';
export { discoverProvider } from './auth/discoverProvider.js';
export { SERVICE_AUDIENCES, audienceForRole, type ServiceAudience } from './auth/audiences.js';
export {
  pageSignInSettings,
  pageSignInProductionRules,
  checkPageSignIn,
  type PageSignInSettings,
} from './auth/pageSignInSettings.js';
