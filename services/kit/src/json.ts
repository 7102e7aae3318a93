// `@sharehub/kit/json`: RFC 8785 canonical JSON and its hash, loading no package (for the pure decision core and audit log).
export { canonicalJson, canonicalHash, NotJsonError, type CanonicalJsonOptions } from './canonicalJson.js';
