import { LRUCache } from 'lru-cache';
import { systemClock, type Clock } from '../ports/Clock.js';
import type { PageSessionState, SessionStore } from '../ports/SessionStore.js';

/**
 * Page sessions in this process's memory (lru-cache, each entry with its own time to live): at most `max` sessions,
 * the least recently used dropped first; lost on restart, which signs everyone out.
 */
export class InMemorySessionStore implements SessionStore {
  readonly #cache: LRUCache<string, PageSessionState>;

  constructor(options: { readonly max?: number; readonly clock?: Clock } = {}) {
    const clock = options.clock ?? systemClock;
    this.#cache = new LRUCache({
      max: options.max ?? 10_000,
      ttlAutopurge: false,
      perf: { now: () => clock.now().getTime() },
      ttlResolution: 0,
    });
  }

  get(id: string): Promise<PageSessionState | undefined> {
    return Promise.resolve(this.#cache.get(id));
  }

  set(id: string, state: PageSessionState, ttlMs: number): Promise<void> {
    this.#cache.set(id, state, { ttl: Math.max(1, ttlMs) });
    return Promise.resolve();
  }

  delete(id: string): Promise<void> {
    this.#cache.delete(id);
    return Promise.resolve();
  }
}
