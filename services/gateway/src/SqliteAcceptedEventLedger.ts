import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { AcceptedEvent, AcceptedEventLedger, ClaimedEvent, PublishedEventType } from './ports.js';

interface LedgerRow {
  event_id: string;
  body_sha256: string;
  event_type: PublishedEventType;
  accepted_at: string;
  accepted: number;
}

/** A claim or record waiting for the next transaction. */
interface Queued {
  readonly event: AcceptedEvent;
  readonly accepted: boolean;
  resolve(held: ClaimedEvent): void;
  reject(err: unknown): void;
}

/**
 * The event-id ledger in an SQLite file (Node's built-in `node:sqlite`: native, in-process, no server), the gateway's
 * zero-setup default (ADR 0043). A claim is an insert that does nothing on conflict followed by a look-up of the
 * holder; the claims and records of one turn of the event loop go to the file in one transaction (one commit for all
 * of them, in the order they were asked). The file is in WAL mode, so a committed claim survives the process being
 * killed (`synchronous = NORMAL`: a power cut may lose the last commits; use PostgreSQL through `DATABASE_URL` where
 * that matters).
 */
export class SqliteAcceptedEventLedger implements AcceptedEventLedger {
  private readonly insert: StatementSync;
  private readonly select: StatementSync;
  private readonly markAccepted: StatementSync;
  private queued: Queued[] = [];

  private constructor(private readonly db: DatabaseSync) {
    this.insert = db.prepare(
      `insert into gateway_accepted_events (event_id, body_sha256, event_type, accepted_at, accepted)
       values (?, ?, ?, ?, ?) on conflict (event_id) do nothing`,
    );
    this.select = db.prepare(
      'select event_id, body_sha256, event_type, accepted_at, accepted from gateway_accepted_events where event_id = ?',
    );
    this.markAccepted = db.prepare(
      `update gateway_accepted_events set accepted = 1
       where event_id = ? and body_sha256 = ? and event_type = ? and accepted = 0`,
    );
  }

  /** Opens the ledger in the file at `path` (`:memory:` for none), creating the file and its table if needed. */
  static open(path: string): SqliteAcceptedEventLedger {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new DatabaseSync(path);
    db.exec(`pragma journal_mode = wal;
      pragma synchronous = normal;
      create table if not exists gateway_accepted_events (
        event_id text primary key,
        body_sha256 text not null,
        event_type text not null,
        accepted_at text not null,
        accepted integer not null
      ) without rowid`);
    return new SqliteAcceptedEventLedger(db);
  }

  private held(eventId: string): ClaimedEvent | undefined {
    const row = this.select.get(eventId) as LedgerRow | undefined;
    return row
      ? {
          eventId: row.event_id,
          bodyHash: row.body_sha256,
          type: row.event_type,
          acceptedAt: row.accepted_at,
          accepted: row.accepted === 1,
        }
      : undefined;
  }

  async find(eventId: string): Promise<AcceptedEvent | undefined> {
    const held = this.held(eventId);
    if (!held?.accepted) return undefined;
    const { accepted: _accepted, ...event } = held;
    return event;
  }

  claim(event: AcceptedEvent): Promise<ClaimedEvent> {
    return this.enqueue(event, false);
  }

  async record(event: AcceptedEvent): Promise<void> {
    await this.enqueue(event, true);
  }

  private enqueue(event: AcceptedEvent, accepted: boolean): Promise<ClaimedEvent> {
    return new Promise((resolve, reject) => {
      if (this.queued.length === 0) setImmediate(() => this.commit());
      this.queued.push({ event, accepted, resolve, reject });
    });
  }

  /** Writes everything queued in one transaction, then answers each caller with the id's holder. */
  private commit(): void {
    const batch = this.queued;
    this.queued = [];
    let held: ClaimedEvent[];
    try {
      this.db.exec('begin');
      for (const { event: e, accepted } of batch) {
        this.insert.run(e.eventId, e.bodyHash, e.type, e.acceptedAt, accepted ? 1 : 0);
        if (accepted) this.markAccepted.run(e.eventId, e.bodyHash, e.type);
      }
      held = batch.map((q) => this.held(q.event.eventId)!);
      this.db.exec('commit');
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('rollback');
      for (const q of batch) q.reject(err);
      return;
    }
    batch.forEach((q, i) => q.resolve(held[i]!));
  }

  /** Closes the file. */
  close(): void {
    this.db.close();
  }
}
