import type { AcceptedEvent, AcceptedEventLedger, ClaimedEvent } from './ports.js';

/** The ledger fake for int tests; held to the same contract suite as the SQL ledger. */
export class InMemoryAcceptedEventLedger implements AcceptedEventLedger {
  private readonly events = new Map<string, ClaimedEvent>();

  async find(eventId: string): Promise<AcceptedEvent | undefined> {
    const held = this.events.get(eventId);
    if (!held?.accepted) return undefined;
    const { accepted: _accepted, ...event } = held;
    return event;
  }

  async claim(event: AcceptedEvent): Promise<ClaimedEvent> {
    const held = this.events.get(event.eventId) ?? { ...event, accepted: false };
    this.events.set(event.eventId, held);
    return { ...held };
  }

  async record(event: AcceptedEvent): Promise<void> {
    const held = await this.claim(event);
    if (held.bodyHash === event.bodyHash && held.type === event.type)
      this.events.set(event.eventId, { ...held, accepted: true });
  }
}
