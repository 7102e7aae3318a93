import { coalesce, type SqlDatabase } from '@sharehub/kit';
import type { AcceptedEvent, AcceptedEventLedger, PublishedEventType } from './ports.js';

interface LedgerRow {
  event_id: string;
  body_sha256: string;
  event_type: PublishedEventType;
  accepted_at: Date | string;
}

/**
 * The accepted-event ledger in PostgreSQL (or PGlite): one row per event id, never updated. Concurrent requests'
 * look-ups and records go to the database together (one query per batch, not per request: ADR 80).
 */
export class SqlAcceptedEventLedger implements AcceptedEventLedger {
  private readonly findOne: (eventId: string) => Promise<AcceptedEvent | undefined>;
  private readonly recordOne: (event: AcceptedEvent) => Promise<void>;

  private constructor(private readonly db: SqlDatabase) {
    this.findOne = coalesce(async (ids: string[]) => {
      const { rows } = await this.db.query<LedgerRow>(
        'select event_id, body_sha256, event_type, accepted_at from gateway_accepted_events where event_id = any($1::text[])',
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.event_id, r]));
      return ids.map((id) => {
        const row = byId.get(id);
        return row
          ? {
              eventId: row.event_id,
              bodyHash: row.body_sha256,
              type: row.event_type,
              acceptedAt: new Date(row.accepted_at).toISOString(),
            }
          : undefined;
      });
    });
    this.recordOne = coalesce(async (events: AcceptedEvent[]) => {
      await this.db.query(
        `insert into gateway_accepted_events (event_id, body_sha256, event_type, accepted_at)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
         on conflict (event_id) do nothing`,
        [
          events.map((e) => e.eventId),
          events.map((e) => e.bodyHash),
          events.map((e) => e.type),
          events.map((e) => e.acceptedAt),
        ],
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
    )`);
    return new SqlAcceptedEventLedger(db);
  }

  find(eventId: string): Promise<AcceptedEvent | undefined> {
    return this.findOne(eventId);
  }

  record(event: AcceptedEvent): Promise<void> {
    return this.recordOne(event);
  }
}
