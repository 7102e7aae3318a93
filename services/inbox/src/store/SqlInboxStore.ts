import type { OutgoingMessage, SqlDatabase, SqlExecutor } from '@sharehub/kit';
import type { ShareNotification, TriageRequired } from '@sharehub/schemas';
import type {
  InboxNotification,
  InboxPage,
  InboxStore,
  InboxTriageItem,
  NotificationQuery,
  OutboxEntry,
  TriageQuery,
} from './InboxStore.js';
import { decodeCursor, encodeCursor } from './pageCursor.js';

interface NotificationRow {
  seq: string | number;
  notification_json: string;
  received_at: Date | string;
  acknowledged_at: Date | string | null;
  acknowledged_by: string | null;
  escalated_at: Date | string | null;
}
interface TriageRow {
  item_json: string;
  received_at: Date | string;
  assigned_team_id: string | null;
  assigned_notification_id: string | null;
  assigned_by: string | null;
  assigned_at: Date | string | null;
}
interface OutboxRow {
  id: string | number;
  topic: string;
  key: string | null;
  value: Uint8Array;
  headers: string | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();
const isoOrNull = (v: Date | string | null) => (v === null ? null : iso(v));
const N_COLUMNS = 'seq, notification_json, received_at, acknowledged_at, acknowledged_by, escalated_at';
const T_COLUMNS =
  'item_json, received_at, assigned_team_id, assigned_notification_id, assigned_by, assigned_at';

function toNotification(row: NotificationRow): InboxNotification {
  return {
    notification: JSON.parse(row.notification_json) as ShareNotification,
    seq: Number(row.seq),
    receivedAt: iso(row.received_at),
    acknowledgedAt: isoOrNull(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    escalatedAt: isoOrNull(row.escalated_at),
  };
}

function toTriageItem(row: TriageRow): InboxTriageItem {
  return {
    item: JSON.parse(row.item_json) as TriageRequired,
    receivedAt: iso(row.received_at),
    assignment:
      row.assigned_team_id === null
        ? null
        : {
            teamId: row.assigned_team_id,
            notificationId: row.assigned_notification_id!,
            assignedBy: row.assigned_by!,
            assignedAt: iso(row.assigned_at!),
          },
  };
}

/** The {@link InboxStore} in PostgreSQL (or embedded PGlite): tables `inbox_notifications`, `inbox_triage`, `inbox_outbox`. */
export class SqlInboxStore implements InboxStore {
  private constructor(
    private readonly db: SqlDatabase,
    private readonly t: { notifications: string; triage: string; outbox: string },
  ) {}

  /** Opens the store in `db`, creating its schema, tables and indexes if needed. */
  static async open(db: SqlDatabase, options: { schema?: string } = {}): Promise<SqlInboxStore> {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new TypeError(`not a plain schema name: ${schema}`);
    const q = (name: string) => (schema ? `"${schema}".${name}` : name);
    const p = schema ? `${schema}_` : '';
    const t = {
      notifications: q('inbox_notifications'),
      triage: q('inbox_triage'),
      outbox: q('inbox_outbox'),
    };
    await db.exec(`${schema ? `create schema if not exists "${schema}";` : ''}
      create table if not exists ${t.notifications} (
        notification_id text primary key,
        seq bigserial not null unique,
        team_id text not null,
        area text not null,
        due_by timestamptz not null,
        notification_json text not null,
        received_at timestamptz not null,
        acknowledged_at timestamptz,
        acknowledged_by text,
        escalated_at timestamptz
      );
      create index if not exists ${p}inbox_notifications_team_due on ${t.notifications} (team_id, due_by, notification_id);
      create index if not exists ${p}inbox_notifications_team_seq on ${t.notifications} (team_id, seq);
      create index if not exists ${p}inbox_notifications_overdue on ${t.notifications} (due_by)
        where acknowledged_at is null and escalated_at is null;
      create table if not exists ${t.triage} (
        triage_id text primary key,
        area text not null,
        due_by timestamptz,
        item_json text not null,
        received_at timestamptz not null,
        assigned_team_id text,
        assigned_notification_id text,
        assigned_by text,
        assigned_at timestamptz
      );
      create index if not exists ${p}inbox_triage_area_due on ${t.triage} (area, due_by, triage_id);
      create table if not exists ${t.outbox} (
        id bigserial primary key,
        topic text not null,
        key text,
        value bytea not null,
        headers text
      )`);
    return new SqlInboxStore(db, t);
  }

  async addNotification(n: ShareNotification, receivedAt: string): Promise<boolean> {
    const { rows } = await this.db.query(
      `insert into ${this.t.notifications} (notification_id, team_id, area, due_by, notification_json, received_at)
       values ($1, $2, $3, $4, $5, $6) on conflict (notification_id) do nothing returning notification_id`,
      [n.notificationId, n.recipient.teamId, n.area, n.dueBy, JSON.stringify(n), receivedAt],
    );
    return rows.length === 1;
  }

  async addTriageItem(item: TriageRequired, receivedAt: string): Promise<boolean> {
    const { rows } = await this.db.query(
      `insert into ${this.t.triage} (triage_id, area, due_by, item_json, received_at)
       values ($1, $2, $3, $4, $5) on conflict (triage_id) do nothing returning triage_id`,
      [item.triageId, item.area, item.dueBy, JSON.stringify(item), receivedAt],
    );
    return rows.length === 1;
  }

  async getNotification(notificationId: string) {
    return this.notificationById(this.db, notificationId);
  }

  async notificationsReceived(
    teamId: string,
    from: string,
    to: string,
  ): Promise<readonly InboxNotification[]> {
    const { rows } = await this.db.query<NotificationRow>(
      `select ${N_COLUMNS} from ${this.t.notifications}
       where team_id = $1 and received_at >= $2::timestamptz and received_at < $3::timestamptz order by seq`,
      [teamId, from, to],
    );
    return rows.map(toNotification);
  }

  async listNotifications(query: NotificationQuery): Promise<InboxPage<InboxNotification>> {
    const params: unknown[] = [query.teamId];
    const where = ['team_id = $1'];
    if (query.status === 'open') where.push('acknowledged_at is null');
    if (query.status === 'acknowledged') where.push('acknowledged_at is not null');
    if (query.overdueAt) {
      params.push(query.overdueAt);
      where.push(`acknowledged_at is null and due_by < $${params.length}`);
    }
    if (query.dueBefore) {
      params.push(query.dueBefore);
      where.push(`due_by <= $${params.length}`);
    }
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      params.push(new Date(c.dueMs ?? 0).toISOString(), c.id);
      where.push(`(due_by, notification_id) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(query.limit + 1);
    const { rows } = await this.db.query<
      NotificationRow & { due_by: Date | string; notification_id: string }
    >(
      `select ${N_COLUMNS}, due_by, notification_id from ${this.t.notifications} where ${where.join(' and ')}
       order by due_by, notification_id limit $${params.length}`,
      params,
    );
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toNotification),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ dueMs: new Date(last.due_by).getTime(), id: last.notification_id })
          : null,
    };
  }

  async notificationsSince(teamId: string, afterSeq: number, limit: number) {
    const { rows } = await this.db.query<NotificationRow>(
      `select ${N_COLUMNS} from ${this.t.notifications} where team_id = $1 and seq > $2 order by seq limit $3`,
      [teamId, afterSeq, limit],
    );
    return rows.map(toNotification);
  }

  async latestSeq(teamId: string) {
    const { rows } = await this.db.query<{ seq: string | number | null }>(
      `select max(seq) as seq from ${this.t.notifications} where team_id = $1`,
      [teamId],
    );
    return Number(rows[0]?.seq ?? 0);
  }

  async acknowledge(
    notificationId: string,
    ack: { by: string; at: string },
    events: (acknowledged: InboxNotification) => readonly OutgoingMessage[],
  ) {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<NotificationRow>(
        `update ${this.t.notifications} set acknowledged_at = $2, acknowledged_by = $3
         where notification_id = $1 and acknowledged_at is null returning ${N_COLUMNS}`,
        [notificationId, ack.at, ack.by],
      );
      if (rows[0]) {
        const notification = toNotification(rows[0]);
        await this.insertOutbox(tx, events(notification));
        return { notification, acknowledgedNow: true };
      }
      const held = await this.notificationById(tx, notificationId);
      return held ? { notification: held, acknowledgedNow: false } : undefined;
    });
  }

  async escalateOverdue(
    now: string,
    limit: number,
    events: (escalated: InboxNotification) => readonly OutgoingMessage[],
  ) {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<NotificationRow>(
        `update ${this.t.notifications} set escalated_at = $1
         where notification_id in (
           select notification_id from ${this.t.notifications}
           where acknowledged_at is null and escalated_at is null and due_by < $1
           order by due_by, notification_id limit $2 for update skip locked)
         returning ${N_COLUMNS}`,
        [now, limit],
      );
      const escalated = rows.map(toNotification).sort((a, b) => a.seq - b.seq);
      await this.insertOutbox(
        tx,
        escalated.flatMap((n) => events(n)),
      );
      return escalated;
    });
  }

  async getTriageItem(triageId: string) {
    return this.triageById(this.db, triageId);
  }

  async listTriage(query: TriageQuery): Promise<InboxPage<InboxTriageItem>> {
    const params: unknown[] = [[...query.areas]];
    const where = ['area = any($1::text[])'];
    if (query.status === 'open') where.push('assigned_team_id is null');
    if (query.status === 'assigned') where.push('assigned_team_id is not null');
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      if (c.dueMs === null) {
        params.push(c.id);
        where.push(`due_by is null and triage_id > $${params.length}`);
      } else {
        params.push(new Date(c.dueMs).toISOString(), c.id);
        where.push(`(due_by is null or (due_by, triage_id) > ($${params.length - 1}, $${params.length}))`);
      }
    }
    params.push(query.limit + 1);
    const { rows } = await this.db.query<TriageRow & { due_by: Date | string | null; triage_id: string }>(
      `select ${T_COLUMNS}, due_by, triage_id from ${this.t.triage} where ${where.join(' and ')}
       order by due_by nulls last, triage_id limit $${params.length}`,
      params,
    );
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toTriageItem),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({
              dueMs: last.due_by === null ? null : new Date(last.due_by).getTime(),
              id: last.triage_id,
            })
          : null,
    };
  }

  async assignTriage(
    triageId: string,
    assignment: NonNullable<InboxTriageItem['assignment']>,
    events: (assigned: InboxTriageItem) => readonly OutgoingMessage[],
  ) {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<TriageRow>(
        `update ${this.t.triage}
         set assigned_team_id = $2, assigned_notification_id = $3, assigned_by = $4, assigned_at = $5
         where triage_id = $1 and assigned_team_id is null returning ${T_COLUMNS}`,
        [
          triageId,
          assignment.teamId,
          assignment.notificationId,
          assignment.assignedBy,
          assignment.assignedAt,
        ],
      );
      if (rows[0]) {
        const item = toTriageItem(rows[0]);
        await this.insertOutbox(tx, events(item));
        return { item, assignedNow: true };
      }
      const held = await this.triageById(tx, triageId);
      return held ? { item: held, assignedNow: false } : undefined;
    });
  }

  async enqueue(messages: readonly OutgoingMessage[]) {
    await this.insertOutbox(this.db, messages);
  }

  async pendingOutbox(limit: number): Promise<readonly OutboxEntry[]> {
    const { rows } = await this.db.query<OutboxRow>(
      `select id, topic, key, value, headers from ${this.t.outbox} order by id limit $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      message: {
        topic: r.topic,
        key: r.key,
        value: new Uint8Array(r.value),
        ...(r.headers ? { headers: JSON.parse(r.headers) as Record<string, string> } : {}),
      },
    }));
  }

  async removeFromOutbox(ids: readonly number[]) {
    if (ids.length === 0) return;
    await this.db.query(`delete from ${this.t.outbox} where id = any($1::bigint[])`, [ids.map(String)]);
  }

  async close() {
    await this.db.close();
  }

  private async insertOutbox(tx: SqlExecutor, messages: readonly OutgoingMessage[]) {
    for (const m of messages)
      await tx.query(`insert into ${this.t.outbox} (topic, key, value, headers) values ($1, $2, $3, $4)`, [
        m.topic,
        m.key,
        Buffer.from(m.value),
        m.headers ? JSON.stringify(m.headers) : null,
      ]);
  }

  private async notificationById(tx: SqlExecutor, id: string) {
    const { rows } = await tx.query<NotificationRow>(
      `select ${N_COLUMNS} from ${this.t.notifications} where notification_id = $1`,
      [id],
    );
    return rows[0] ? toNotification(rows[0]) : undefined;
  }

  private async triageById(tx: SqlExecutor, id: string) {
    const { rows } = await tx.query<TriageRow>(
      `select ${T_COLUMNS} from ${this.t.triage} where triage_id = $1`,
      [id],
    );
    return rows[0] ? toTriageItem(rows[0]) : undefined;
  }
}
