// `@sharehub/kit/json`: RFC 8785 canonical JSON and its hash, loading nothing else (for the pure packages).
export { canonicalJson, canonicalHash } from './canonicalJson.js';
