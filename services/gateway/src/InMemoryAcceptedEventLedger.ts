import type { AcceptedEvent, AcceptedEventLedger } from './ports.js';

/** The ledger fake for int tests; held to the same contract suite as the SQL ledger. */
export class InMemoryAcceptedEventLedger implements AcceptedEventLedger {
  private readonly events = new Map<string, AcceptedEvent>();

  async find(eventId: string): Promise<AcceptedEvent | undefined> {
    return this.events.get(eventId);
  }

  async record(event: AcceptedEvent): Promise<void> {
    if (!this.events.has(event.eventId)) this.events.set(event.eventId, event);
  }
}
