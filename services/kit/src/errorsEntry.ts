// `@sharehub/kit/errors`: the error types alone (no package loaded), for pure libraries such as the audit log.
export * from './errors.js';
