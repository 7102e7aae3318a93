import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { tokenVerifierOf, type Caller, type TokenVerifier } from '@sharehub/kit/auth';

/** How many verified tokens are remembered, and the clock their expiry is read against. */
export interface TokenCacheOptions {
  /** The most tokens remembered (least recently used first out). */
  readonly maxEntries: number;
  /** Milliseconds since the epoch (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * Wraps a token verifier so that a token verified once is not verified again until it expires (ADR 0045): the
 * caller it carries is remembered, keyed by the SHA-256 of the token (never the token itself), for as long as the
 * verifier's `expiresAt` allows (the earlier of `exp` and `iat` plus the maximum age). A token that fails is never
 * remembered, so it is checked in full each time, and an expired one is dropped and checked again (which refuses it).
 */
export function cacheVerifiedTokens(verifier: TokenVerifier, options: TokenCacheOptions): TokenVerifier {
  const now = options.now ?? Date.now;
  const callers = new LRUCache<string, Caller>({ max: options.maxEntries });
  const verify = async (token: string): Promise<Caller> => {
    const key = createHash('sha256').update(token).digest('base64url');
    const known = callers.get(key);
    if (known && known.expiresAt.getTime() > now()) return known;
    if (known) callers.delete(key);
    const caller = await verifier.verify(token);
    if (caller.expiresAt.getTime() > now()) callers.set(key, caller);
    return caller;
  };
  return tokenVerifierOf(verify);
}
