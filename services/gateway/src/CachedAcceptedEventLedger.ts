import { LRUCache } from 'lru-cache';
import type { AcceptedEvent, AcceptedEventLedger, ClaimedEvent } from './ports.js';

/** How the memory in front of a ledger is bounded, and what it does when a deferred write fails. */
export interface CachedLedgerOptions {
  /** The most event ids held in memory (least recently used first out; an id not held is asked of the ledger). */
  readonly maxEntries: number;
  /** The most records written behind and not yet confirmed; a record beyond it waits for the oldest. */
  readonly maxPendingRecords?: number;
  /** Told when a record written behind failed (the id stays claimed by its body, so nothing is lost: ADR 0043). */
  readonly onRecordFailed?: (err: unknown) => void;
}

const strip = ({ accepted: _accepted, ...event }: ClaimedEvent): AcceptedEvent => event;

/**
 * A bounded memory of event ids in front of a durable ledger (ADR 0043). Claims go to the durable ledger before the
 * gateway publishes (a claim, once answered, survives a restart), so of two bodies under one id only the first is
 * ever published, restart or not. What the ledger answered is remembered (a holder never changes), so repeats are
 * answered from memory; `record` marks the id accepted in memory at once and writes it to the ledger behind the
 * answer: if that write is lost, the id is still held by the same body, and a repeat after a restart publishes it
 * again (safe: every consumer counts an event id once) instead of answering from the ledger.
 */
export class CachedAcceptedEventLedger implements AcceptedEventLedger {
  private readonly held: LRUCache<string, ClaimedEvent>;
  private readonly pending = new Set<Promise<void>>();
  private readonly maxPending: number;

  constructor(
    private readonly inner: AcceptedEventLedger,
    private readonly options: CachedLedgerOptions,
  ) {
    this.held = new LRUCache({ max: options.maxEntries });
    this.maxPending = options.maxPendingRecords ?? 10_000;
  }

  async find(eventId: string): Promise<AcceptedEvent | undefined> {
    const held = this.held.get(eventId);
    if (held?.accepted) return strip(held);
    // An id no longer held in memory may have a record still being written behind.
    if (this.pending.size > 0) await Promise.all([...this.pending]);
    return this.inner.find(eventId);
  }

  async claim(event: AcceptedEvent): Promise<ClaimedEvent> {
    const held = this.held.get(event.eventId);
    if (held) return { ...held };
    const claimed = await this.inner.claim(event);
    // A concurrent claim of the same id may have been answered meanwhile: the holder is the same, keep the newest
    // acceptance.
    const now = this.held.get(event.eventId);
    if (!now || (claimed.accepted && !now.accepted)) this.held.set(event.eventId, claimed);
    return { ...this.held.get(event.eventId)! };
  }

  async record(event: AcceptedEvent): Promise<void> {
    const held = await this.claim(event);
    if (held.bodyHash !== event.bodyHash || held.type !== event.type) return;
    if (!held.accepted) this.held.set(event.eventId, { ...held, accepted: true });
    const write: Promise<void> = this.inner
      .record(event)
      .catch((err: unknown) => this.options.onRecordFailed?.(err))
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
    while (this.pending.size > this.maxPending) await Promise.race(this.pending);
  }

  /** Waits for every record written behind so far (before closing the ledger under it). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** How many event ids are held in memory now. */
  get size(): number {
    return this.held.size;
  }
}
