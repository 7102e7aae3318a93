import type { SqlDatabase } from '@sharehub/kit';
import type { DeadLetterEntry, DeadLetterFilter, DeadLetterStore } from './DeadLetterStore.js';

interface Row {
  dead_letter_id: string;
  topic: string;
  partition: number;
  offset: string | number;
  key: string | null;
  failed_at: Date | string;
  reason_code: string;
  reason: string;
  consumer_group: string;
  event_type: string | null;
  event_id: string | null;
  area: string | null;
  original_bytes: Uint8Array;
  redriven_at: Date | string | null;
  redriven_by: string | null;
}

const COLUMNS =
  'dead_letter_id, topic, partition, "offset", key, failed_at, reason_code, reason, consumer_group, event_type, event_id, area, original_bytes, redriven_at, redriven_by';

/** The DeadLetterStore in PostgreSQL (or embedded PGlite), table `dead_letters` beside the audit index. */
export class SqlDeadLetterStore implements DeadLetterStore {
  private constructor(
    private readonly db: SqlDatabase,
    private readonly table: string,
  ) {}

  /** Opens the store in `db`, creating its table if needed (in `schema` when given, as the audit index). */
  static async open(db: SqlDatabase, options: { schema?: string } = {}): Promise<SqlDeadLetterStore> {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new TypeError(`not a plain schema name: ${schema}`);
    const table = schema ? `"${schema}".dead_letters` : 'dead_letters';
    const prefix = schema ? `${schema}_` : '';
    await db.exec(`${schema ? `create schema if not exists "${schema}";` : ''}
      create table if not exists ${table} (
        dead_letter_id text primary key,
        topic text not null,
        partition integer not null,
        "offset" bigint not null,
        key text,
        failed_at timestamptz not null,
        reason_code text not null,
        reason text not null,
        consumer_group text not null,
        event_type text,
        event_id text,
        area text,
        original_bytes bytea not null,
        redriven_at timestamptz,
        redriven_by text
      );
      create index if not exists ${prefix}dead_letters_failed on ${table} (failed_at desc)`);
    return new SqlDeadLetterStore(db, table);
  }

  async add(entries: readonly DeadLetterEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const e of entries)
        await tx.query(
          `insert into ${this.table} (${COLUMNS}) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
           on conflict (dead_letter_id) do nothing`,
          [
            e.deadLetterId,
            e.topic,
            e.partition,
            e.offset,
            e.key,
            e.failedAt,
            e.reasonCode,
            e.reason,
            e.consumerGroup,
            e.eventType,
            e.eventId,
            e.area,
            e.originalBytes,
            e.redriven?.at ?? null,
            e.redriven?.by ?? null,
          ],
        );
    });
  }

  async list(filter: DeadLetterFilter): Promise<DeadLetterEntry[]> {
    const where = ['(area is null or area = any($1::text[]))'];
    const params: unknown[] = [[...filter.areas]];
    if (filter.reasonCode !== undefined) {
      params.push(filter.reasonCode);
      where.push(`reason_code = $${params.length}`);
    }
    if (filter.topic !== undefined) {
      params.push(filter.topic);
      where.push(`topic = $${params.length}`);
    }
    if (filter.includeRedriven !== true) where.push('redriven_at is null');
    params.push(filter.limit);
    const { rows } = await this.db.query<Row>(
      `select ${COLUMNS} from ${this.table} where ${where.join(' and ')}
       order by failed_at desc, dead_letter_id limit $${params.length}`,
      params,
    );
    return rows.map(toEntry);
  }

  async get(deadLetterId: string): Promise<DeadLetterEntry | undefined> {
    const { rows } = await this.db.query<Row>(
      `select ${COLUMNS} from ${this.table} where dead_letter_id = $1`,
      [deadLetterId],
    );
    return rows[0] ? toEntry(rows[0]) : undefined;
  }

  async claim(ids: readonly string[], claim: { at: string; by: string }): Promise<DeadLetterEntry[]> {
    if (ids.length === 0) return [];
    // One conditional update: PostgreSQL re-checks `redriven_at is null` on a row another claim just took.
    const { rows } = await this.db.query<Row>(
      `update ${this.table} set redriven_at = $2, redriven_by = $3
       where dead_letter_id = any($1::text[]) and redriven_at is null returning ${COLUMNS}`,
      [[...ids], claim.at, claim.by],
    );
    return rows.map(toEntry);
  }

  async release(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(
      `update ${this.table} set redriven_at = null, redriven_by = null where dead_letter_id = any($1::text[])`,
      [[...ids]],
    );
  }
}

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

function toEntry(r: Row): DeadLetterEntry {
  return {
    deadLetterId: r.dead_letter_id,
    topic: r.topic,
    partition: Number(r.partition),
    offset: Number(r.offset),
    key: r.key,
    failedAt: iso(r.failed_at),
    reasonCode: r.reason_code,
    reason: r.reason,
    consumerGroup: r.consumer_group,
    eventType: r.event_type,
    eventId: r.event_id,
    area: r.area,
    originalBytes: new Uint8Array(r.original_bytes),
    redriven: r.redriven_at ? { at: iso(r.redriven_at), by: r.redriven_by ?? '' } : null,
  };
}
