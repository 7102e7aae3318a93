import type { FieldProblem } from '@sharehub/kit';

/** The four events the gateway accepts. */
export type PublishedEventType = 'IncidentRecorded' | 'CarePlanIssued' | 'MaracListed' | 'ConsentRecorded';

/**
 * Validation and encoding of the JSON form of an event, as a port (the real one is the Avro codec of
 * `@sharehub/schemas`).
 *
 * @example
 *   const problems = codec.isValid('IncidentRecorded', body) ? [] : codec.validate('IncidentRecorded', body);
 *   const bytes = codec.encode('IncidentRecorded', body);      // Avro single-object encoding
 */
export interface EventCodecPort {
  /** Whether `validate` would find no problem, in one pass that names none (the fast path: ADR 0045). */
  isValid(type: PublishedEventType, json: unknown): boolean;
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

/** The event that holds an id in the ledger: claimed before it is published, accepted once the broker said so. */
export interface ClaimedEvent extends AcceptedEvent {
  readonly accepted: boolean;
}

/**
 * The ledger of event ids, as a port (PostgreSQL or embedded PGlite in production). An id is claimed for one body
 * before that body is published, atomically, so that of two requests with different bodies under one id exactly
 * one can be published (ADR 0041).
 *
 * @example
 *   const holder = await ledger.claim({ eventId, bodyHash, type, acceptedAt });
 *   if (holder.bodyHash !== bodyHash) refuse(); // another body holds the id
 *   await publish(); await ledger.record(holder);
 */
export interface AcceptedEventLedger {
  /** The accepted event under this id (a claim not yet accepted is not one). */
  find(eventId: string): Promise<AcceptedEvent | undefined>;
  /** Claims the id for this body unless it is held; answers the claim that holds it (this one, or the first). */
  claim(event: AcceptedEvent): Promise<ClaimedEvent>;
  /** Records the event as accepted (claiming it first if need be); an id held by another body is left as it is. */
  record(event: AcceptedEvent): Promise<void>;
}
