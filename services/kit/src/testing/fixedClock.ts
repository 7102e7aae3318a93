import type { Clock } from '../ports/Clock.js';

/** A clock for tests: starts at `start`, moves only when told. */
export function fixedClock(
  start: Date | string,
): Clock & { advance(ms: number): void; set(at: Date | string): void } {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    advance: (ms) => (now = new Date(now.getTime() + ms)),
    set: (at) => (now = new Date(at)),
  };
}
