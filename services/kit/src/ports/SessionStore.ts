/** What a page session holds: never personal data, only the provider's tokens or the state of a sign-in under way. */
export type PageSessionState =
  | {
      /** Sent to the provider, waiting for its callback (authorization code flow with PKCE). */
      readonly kind: 'signing-in';
      readonly codeVerifier: string;
      readonly state: string;
      readonly nonce: string;
      /** The page to return to afterwards. */
      readonly next: string;
    }
  | {
      readonly kind: 'signed-in';
      /** The access token every page verifies, exactly as the API verifies a bearer token. */
      readonly accessToken: string;
      /** The ID token, sent back to the provider as `id_token_hint` at sign-out. */
      readonly idToken?: string;
    };

/**
 * Server-side page sessions by random id (the cookie holds the id, nothing else). Each entry lives `ttlMs` at most;
 * an expired or deleted one reads as absent. The in-memory adapter suits one process; several instances behind a
 * load balancer need a shared adapter held to the same contract (`sessionStoreContract`).
 */
export interface SessionStore {
  get(id: string): Promise<PageSessionState | undefined>;
  set(id: string, state: PageSessionState, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
}
