/** One dead letter as the operator's store holds it: where and why it failed, what it was, whether re-driven. */
export interface DeadLetterEntry {
  readonly deadLetterId: string;
  /** The topic the message was read from, where a re-drive sends it back. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  /** ISO-8601 instant. */
  readonly failedAt: string;
  readonly reasonCode: string;
  readonly reason: string;
  readonly consumerGroup: string;
  /** The event's type, id and area when its bytes decode; null when they do not (the area is then unknown). */
  readonly eventType: string | null;
  readonly eventId: string | null;
  readonly area: string | null;
  /** The message's bytes as read, re-sent unchanged; never shown or logged (they hold personal data). */
  readonly originalBytes: Uint8Array;
  readonly redriven: { readonly at: string; readonly by: string } | null;
}

/** Which dead letters to list: those of the caller's areas (and those whose area is unknown), newest first. */
export interface DeadLetterFilter {
  readonly areas: readonly string[];
  readonly reasonCode?: string;
  readonly topic?: string;
  /** Re-driven ones too (default: only those still waiting). */
  readonly includeRedriven?: boolean;
  readonly limit: number;
}

/**
 * The dead letters an operator can see and re-drive, as a port. `SqlDeadLetterStore` (PostgreSQL or PGlite, beside
 * the audit index) and `InMemoryDeadLetterStore` both pass `deadLetterStoreContract`.
 *
 * @example
 *   await store.add([entry]); // idempotent by deadLetterId
 *   const mine = await store.claim(['dl-1'], { at, by }); // only those not yet claimed come back
 */
export interface DeadLetterStore {
  /** Adds dead letters; one already held (same id) is left as it is. */
  add(entries: readonly DeadLetterEntry[]): Promise<void>;
  list(filter: DeadLetterFilter): Promise<DeadLetterEntry[]>;
  get(deadLetterId: string): Promise<DeadLetterEntry | undefined>;
  /**
   * Marks as re-driven, atomically, those of `ids` not re-driven yet, and returns exactly those: of two claims of
   * the same dead letter, however concurrent, one gets it.
   */
  claim(
    ids: readonly string[],
    claim: { readonly at: string; readonly by: string },
  ): Promise<DeadLetterEntry[]>;
  /** Undoes a claim whose re-drive could not be sent, so it can be tried again. */
  release(ids: readonly string[]): Promise<void>;
}

/** Whether a caller of these areas may see the dead letter (one whose area is unknown is every operator's). */
export function visibleIn(areas: readonly string[], entry: Pick<DeadLetterEntry, 'area'>): boolean {
  return entry.area === null || areas.includes(entry.area);
}
