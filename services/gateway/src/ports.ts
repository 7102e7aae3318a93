import type { FieldProblem } from '@sharehub/kit';

/** The four events the gateway accepts. */
export type PublishedEventType = 'IncidentRecorded' | 'CarePlanIssued' | 'MaracListed' | 'ConsentRecorded';

/**
 * Validation and encoding of the JSON form of an event, as a port (the real one is the Avro codec of
 * `@sharehub/schemas`).
 *
 * @example
 *   const problems = codec.validate('IncidentRecorded', body); // every problem, with its field path
 *   const bytes = codec.encode('IncidentRecorded', body);      // Avro single-object encoding
 */
export interface EventCodecPort {
  validate(type: PublishedEventType, json: unknown): FieldProblem[];
  encode(type: PublishedEventType, json: unknown): Uint8Array;
}

/** What the gateway remembers of an accepted event: enough to answer a repeat the same way, or refuse a clash. */
export interface AcceptedEvent {
  readonly eventId: string;
  readonly bodyHash: string;
  readonly type: PublishedEventType;
  readonly acceptedAt: string;
}

/**
 * The ledger of accepted event ids, as a port (PostgreSQL or embedded PGlite in production).
 *
 * @example
 *   const earlier = await ledger.find(eventId);
 */
export interface AcceptedEventLedger {
  find(eventId: string): Promise<AcceptedEvent | undefined>;
  /** Records an accepted event; a second record of the same id keeps the first. */
  record(event: AcceptedEvent): Promise<void>;
}
