// `@sharehub/kit/auth`: who the caller is: tokens, their verification, roles and audiences, development keys.
export { ROLES, type Role, type Caller } from './auth/claims.js';
export {
  createTokenVerifier,
  TOKEN_DEFAULTS,
  requireRole,
  callerOf,
  type TokenVerifier,
  type TokenVerifierOptions,
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
  authFailureLimit,
  type AuthSettings,
} from './auth/authSettings.js';
export { SERVICE_AUDIENCES, audienceForRole, type ServiceAudience } from './auth/audiences.js';
