// `@sharehub/kit/http`: the express app every service serves its API from, problem answers, listening (loads express).
export {
  PROBLEM_JSON,
  STATUS_OF_KIND,
  toProblem,
  problemHandler,
  notFoundHandler,
  type Problem,
} from './http/problem.js';
export { createHttpApp, type HttpAppOptions } from './http/createHttpApp.js';
export { finishHttpApp } from './http/finishHttpApp.js';
export { listen, closeServer } from './http/listen.js';
export { limitAuthFailures, AUTH_FAILURE_DEFAULTS, type AuthFailureLimit } from './http/limitAuthFailures.js';
export { requestLogger } from './http/requestLogger.js';
