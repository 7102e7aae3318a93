import type { SqlDatabase } from '@sharehub/kit';
import type { AcceptedEvent, AcceptedEventLedger, PublishedEventType } from './ports.js';

/** The accepted-event ledger in PostgreSQL (or PGlite): one row per event id, never updated. */
export class SqlAcceptedEventLedger implements AcceptedEventLedger {
  private constructor(private readonly db: SqlDatabase) {}

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

  async find(eventId: string): Promise<AcceptedEvent | undefined> {
    const { rows } = await this.db.query<{
      event_id: string;
      body_sha256: string;
      event_type: PublishedEventType;
      accepted_at: Date | string;
    }>(
      'select event_id, body_sha256, event_type, accepted_at from gateway_accepted_events where event_id = $1',
      [eventId],
    );
    const row = rows[0];
    return row
      ? {
          eventId: row.event_id,
          bodyHash: row.body_sha256,
          type: row.event_type,
          acceptedAt: new Date(row.accepted_at).toISOString(),
        }
      : undefined;
  }

  async record(event: AcceptedEvent): Promise<void> {
    await this.db.query(
      'insert into gateway_accepted_events (event_id, body_sha256, event_type, accepted_at) values ($1, $2, $3, $4) on conflict (event_id) do nothing',
      [event.eventId, event.bodyHash, event.type, event.acceptedAt],
    );
  }
}
