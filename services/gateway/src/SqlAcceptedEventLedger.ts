import { coalesce, type SqlDatabase } from '@sharehub/kit';
import type { AcceptedEvent, AcceptedEventLedger, ClaimedEvent, PublishedEventType } from './ports.js';

interface LedgerRow {
  event_id: string;
  body_sha256: string;
  event_type: PublishedEventType;
  accepted_at: Date | string;
  accepted: boolean;
}

const fromRow = (row: LedgerRow): ClaimedEvent => ({
  eventId: row.event_id,
  bodyHash: row.body_sha256,
  type: row.event_type,
  acceptedAt: new Date(row.accepted_at).toISOString(),
  accepted: row.accepted,
});

/**
 * The event-id ledger in PostgreSQL (or PGlite): one row per event id, claimed (`accepted` false) by the first body
 * to ask, then marked accepted once published. Concurrent requests' look-ups, claims and records go to the database
 * together (one statement per batch, not per request: ADR 80); a claim is an insert that does nothing on conflict,
 * so whichever body reaches the database first holds the id, and every other caller is answered with it.
 */
export class SqlAcceptedEventLedger implements AcceptedEventLedger {
  private readonly findMany: (eventId: string) => Promise<ClaimedEvent | undefined>;
  private readonly claimOne: (event: AcceptedEvent) => Promise<ClaimedEvent>;
  private readonly recordOne: (event: AcceptedEvent) => Promise<void>;

  private constructor(private readonly db: SqlDatabase) {
    const rowsOf = async (ids: string[]) => {
      const { rows } = await this.db.query<LedgerRow>(
        'select event_id, body_sha256, event_type, accepted_at, accepted from gateway_accepted_events where event_id = any($1::text[])',
        [ids],
      );
      return new Map(rows.map((r) => [r.event_id, fromRow(r)]));
    };
    const insert = (events: AcceptedEvent[], accepted: boolean) =>
      this.db.query(
        `insert into gateway_accepted_events (event_id, body_sha256, event_type, accepted_at, accepted)
         select e.*, $5::boolean from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) as e
         on conflict (event_id) do nothing`,
        [
          events.map((e) => e.eventId),
          events.map((e) => e.bodyHash),
          events.map((e) => e.type),
          events.map((e) => e.acceptedAt),
          accepted,
        ],
      );
    this.findMany = coalesce(async (ids: string[]) => {
      const byId = await rowsOf(ids);
      return ids.map((id) => byId.get(id));
    });
    this.claimOne = coalesce(async (events: AcceptedEvent[]) => {
      await insert(events, false);
      const byId = await rowsOf(events.map((e) => e.eventId));
      return events.map((e) => byId.get(e.eventId)!);
    });
    this.recordOne = coalesce(async (events: AcceptedEvent[]) => {
      await insert(events, true);
      await this.db.query(
        `update gateway_accepted_events g set accepted = true
         from unnest($1::text[], $2::text[], $3::text[]) as e(event_id, body_sha256, event_type)
         where g.event_id = e.event_id and g.body_sha256 = e.body_sha256 and g.event_type = e.event_type
           and not g.accepted`,
        [events.map((e) => e.eventId), events.map((e) => e.bodyHash), events.map((e) => e.type)],
      );
      return events.map(() => undefined);
    });
  }

  /** Opens the ledger, creating its table if needed. */
  static async open(db: SqlDatabase): Promise<SqlAcceptedEventLedger> {
    await db.exec(`create table if not exists gateway_accepted_events (
      event_id text primary key,
      body_sha256 text not null,
      event_type text not null,
      accepted_at timestamptz not null
    );
    alter table gateway_accepted_events add column if not exists accepted boolean not null default true`);
    return new SqlAcceptedEventLedger(db);
  }

  async find(eventId: string): Promise<AcceptedEvent | undefined> {
    const held = await this.findMany(eventId);
    if (!held?.accepted) return undefined;
    const { accepted: _accepted, ...event } = held;
    return event;
  }

  claim(event: AcceptedEvent): Promise<ClaimedEvent> {
    return this.claimOne(event);
  }

  record(event: AcceptedEvent): Promise<void> {
    return this.recordOne(event);
  }
}
