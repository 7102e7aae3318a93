/**
 * The time, as a port, so logic that needs "now" can be tested with a fixed clock.
 *
 * @example
 *   const overdue = clock.now() > new Date(notification.dueBy);
 */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };
