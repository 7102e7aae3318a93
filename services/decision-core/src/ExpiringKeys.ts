/** Milliseconds in a UTC day: the unit in which held entries expire. */
export const DAY_MS = 86_400_000;

/** The UTC day number of an instant (epoch milliseconds). */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/**
 * Keys that expire by event time (ADR 0082): each is held with the day of the event it came from and dropped once
 * `expireBefore` passes that day, so what is held is bounded by the events of the retained days, whatever was seen
 * before. A key added for a day already expired is not held at all, so the keys held after any sequence of adds and
 * expiries are the same whatever order they came in (a replay ends with what the live run had).
 */
export class ExpiringKeys {
  private readonly byDay = new Map<number, string[]>();
  private readonly days = new Map<string, number>();
  private horizonDay = Number.NEGATIVE_INFINITY;

  /** How many keys are held. */
  get size(): number {
    return this.days.size;
  }

  /** Whether a key is held. */
  has(key: string): boolean {
    return this.days.has(key);
  }

  /** Holds a key until its event's day expires (the latest day, if added again). */
  add(key: string, atMs: number): void {
    const day = dayOf(atMs);
    if (!(day >= this.horizonDay)) return;
    const held = this.days.get(key);
    if (held !== undefined && held >= day) return;
    this.days.set(key, day);
    const bucket = this.byDay.get(day);
    if (bucket) bucket.push(key);
    else this.byDay.set(day, [key]);
  }

  /** Drops every key whose day lies before the day of `horizonMs`; returns how many were dropped. */
  expireBefore(horizonMs: number): number {
    const horizon = dayOf(horizonMs);
    if (!(horizon > this.horizonDay)) return 0;
    this.horizonDay = horizon;
    let dropped = 0;
    for (const [day, keys] of this.byDay) {
      if (day >= horizon) continue;
      this.byDay.delete(day);
      for (const key of keys)
        if (this.days.get(key) === day) {
          this.days.delete(key);
          dropped++;
        }
    }
    return dropped;
  }
}
