import type { SqlDatabase, SqlExecutor } from '@sharehub/kit';
import type { AuditKind, AuditRecord } from '@sharehub/schemas';
import { IndexBehindError, LeafConflictError } from '../errors.js';
import type {
  AuditFact,
  AuditFactQuery,
  AuditIndex,
  AuditIndexRow,
  AuditPage,
  AuditQuery,
} from './AuditIndex.js';
import { factOfRecord } from './factOfRecord.js';
import { existingByIndexText, indexInstant, indexQuery, indexText } from './indexText.js';
import { matchesQuery } from './matchesQuery.js';
import { toIndexRow } from './toIndexRow.js';

interface LeafRow {
  leaf_index: string | number;
  leaf_hash: string;
  audit_id: string;
  kind: string;
  occurred_at: Date | string;
  area: string | null;
  subject_person_ids: string[] | null;
  incident_ref: string | null;
  care_plan_ref: string | null;
  marac_case_ref: string | null;
  service: string | null;
  team_id: string | null;
  decision_id: string | null;
  notification_id: string | null;
  record_json: string;
}

const COLUMNS =
  'leaf_index, leaf_hash, audit_id, kind, occurred_at, area, subject_person_ids, incident_ref, care_plan_ref, marac_case_ref, service, team_id, decision_id, notification_id, record_json';
const PER_ROW = 15;
// PostgreSQL takes at most 65535 parameters per statement.
const ROWS_PER_INSERT = 4000;

/** How the index writes behind (see {@link SqlAuditIndex}). */
export interface WriteBehindOptions {
  /** Write the waiting rows into the searchable table once this many wait (default 5,000). */
  readonly flushRows?: number;
  /** …and at the latest this long after the first of them was appended (ms; default 1,000). */
  readonly flushMs?: number;
  /** Refuse appends (the batch is retried) while this many rows wait, e.g. while the table refuses writes (default 100,000). */
  readonly maxWaitingRows?: number;
}

/**
 * The AuditIndex in PostgreSQL (or embedded PGlite): table `audit_leaves`, optionally in its own schema, written
 * behind (docs/adr/0063). `append` is one small transaction per batch: continuity and audit ids checked, and the
 * batch's leaves (hashes and canonical JSON; every other column is `toIndexRow` of the record) inserted as one row
 * of the slim table `audit_index_journal` (durable from its commit); the
 * rows then wait in memory, where every read of this index finds them at once, and are written into
 * `audit_leaves` (multi-row inserts, its nine indexes) every `flushRows` rows or `flushMs` ms, in the transaction
 * that deletes their journal entries. Opening the index (after a crash, or in another process such as `verify`)
 * first moves every journal entry into `audit_leaves`, so nothing appended is ever missing from a read.
 */
export class SqlAuditIndex implements AuditIndex {
  private waiting: AuditIndexRow[] = [];
  private readonly waitingByAuditId = new Map<string, AuditIndexRow>();
  private firstWaitingAt = 0;
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  // Set when an append's outcome is unknown (its commit may have happened): the journal is read in again first.
  private unsynced = true;

  private constructor(
    private readonly db: SqlDatabase,
    private readonly table: string,
    private readonly journal: string,
    private readonly options: Required<WriteBehindOptions>,
  ) {}

  /** Opens the index in `db`, creating its schema, tables and indexes if needed, and moving any journal in. */
  static async open(
    db: SqlDatabase,
    options: { schema?: string } & WriteBehindOptions = {},
  ): Promise<SqlAuditIndex> {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new TypeError(`not a plain schema name: ${schema}`);
    const table = schema ? `"${schema}".audit_leaves` : 'audit_leaves';
    const journal = schema ? `"${schema}".audit_index_journal` : 'audit_index_journal';
    const prefix = schema ? `${schema}_` : '';
    await db.exec(`${schema ? `create schema if not exists "${schema}";` : ''}
      create table if not exists ${table} (
        leaf_index bigint primary key check (leaf_index >= 0),
        leaf_hash text not null,
        audit_id text not null unique,
        kind text not null,
        occurred_at timestamptz not null,
        area text,
        subject_person_ids text[] not null default '{}',
        incident_ref text,
        care_plan_ref text,
        marac_case_ref text,
        service text,
        team_id text,
        decision_id text,
        notification_id text,
        record_json text not null
      );
      create index if not exists ${prefix}audit_leaves_subjects on ${table} using gin (subject_person_ids);
      create index if not exists ${prefix}audit_leaves_incident on ${table} (incident_ref, leaf_index);
      create index if not exists ${prefix}audit_leaves_care_plan on ${table} (care_plan_ref, leaf_index);
      create index if not exists ${prefix}audit_leaves_marac on ${table} (marac_case_ref, leaf_index);
      create index if not exists ${prefix}audit_leaves_team on ${table} (team_id, leaf_index);
      create index if not exists ${prefix}audit_leaves_decision on ${table} (decision_id);
      create index if not exists ${prefix}audit_leaves_kind_time on ${table} (kind, occurred_at);
      create index if not exists ${prefix}audit_leaves_time on ${table} (occurred_at);
      create table if not exists ${journal} (
        first_leaf bigint primary key check (first_leaf >= 0),
        end_leaf bigint not null,
        leaf_hashes text not null,
        records text not null
      );
      alter table ${journal} alter column records set storage external`);
    const index = new SqlAuditIndex(db, table, journal, {
      flushRows: options.flushRows ?? 5_000,
      flushMs: options.flushMs ?? 1_000,
      maxWaitingRows: options.maxWaitingRows ?? 100_000,
    });
    await index.sync();
    return index;
  }

  async size(): Promise<number> {
    return nextLeafIndex(this.db, this.table, this.journal);
  }

  async existing(auditIds: readonly string[]): Promise<Map<string, string>> {
    if (auditIds.length === 0) return new Map();
    if (this.unsynced) await this.sync();
    return existingByIndexText(auditIds, async (keys) => {
      const { rows } = await this.db.query<{ audit_id: string; leaf_hash: string }>(
        `select audit_id, leaf_hash from ${this.table} where audit_id = any($1::text[])`,
        [keys],
      );
      const found = rows.map((r) => [r.audit_id, r.leaf_hash] as const);
      for (const key of keys) {
        const row = this.waitingByAuditId.get(key);
        if (row) found.push([key, row.leafHash] as const);
      }
      return found;
    });
  }

  async append(rows: readonly AuditIndexRow[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.unsynced) await this.sync();
    if (this.waiting.length >= this.options.maxWaitingRows) {
      await this.flush();
      if (this.waiting.length >= this.options.maxWaitingRows)
        throw new IndexBehindError(`${this.waiting.length} index rows wait to be written`);
    }
    const ids = new Set<string>();
    for (const row of rows) {
      if (ids.has(row.auditId) || this.waitingByAuditId.has(row.auditId))
        throw new LeafConflictError(row.leafIndex, `audit id ${row.auditId} is already a leaf`);
      ids.add(row.auditId);
    }
    try {
      await this.db.transaction(async (tx) => {
        const next = await nextLeafIndex(tx, this.table, this.journal);
        if (rows[0]!.leafIndex !== next)
          throw new LeafConflictError(
            rows[0]!.leafIndex,
            `leaf ${rows[0]!.leafIndex} does not continue the index at ${next}`,
          );
        rows.forEach((row, i) => {
          if (row.leafIndex !== next + i)
            throw new LeafConflictError(row.leafIndex, `leaf ${row.leafIndex} leaves a gap`);
        });
        const taken = await tx.query<{ audit_id: string }>(
          `select audit_id from ${this.table} where audit_id = any($1::text[]) limit 1`,
          [[...ids]],
        );
        if (taken.rows[0])
          throw new LeafConflictError(
            rows[0]!.leafIndex,
            `audit id ${taken.rows[0].audit_id} is already a leaf`,
          );
        // One row per batch: the leaves' hashes and canonical JSON, one record a line (canonical JSON escapes
        // newlines, NUL and lone surrogates, so any record is storable); every other column derives from them.
        await tx.query(
          `insert into ${this.journal} (first_leaf, end_leaf, leaf_hashes, records) values ($1, $2, $3, $4)`,
          [
            next,
            next + rows.length,
            rows.map((row) => row.leafHash).join(''),
            rows.map((row) => row.recordJson).join('\n'),
          ],
        );
      });
    } catch (err) {
      if (err instanceof LeafConflictError) throw err;
      this.unsynced = true; // the commit may have happened: read the journal in before anything else
      if ((err as { code?: string }).code === '23505')
        throw new LeafConflictError(
          rows[0]!.leafIndex,
          `a leaf index of leaves from ${rows[0]!.leafIndex} is taken`,
        );
      throw err;
    }
    if (this.waiting.length === 0) this.firstWaitingAt = Date.now();
    for (const row of rows) {
      const copy = { ...row, subjectPersonIds: [...row.subjectPersonIds] };
      this.waiting.push(copy);
      this.waitingByAuditId.set(copy.auditId, copy);
    }
    if (this.waiting.length >= this.options.flushRows) await this.flush();
    else this.schedule();
  }

  /**
   * Writes every waiting row into `audit_leaves` now, in one transaction that also deletes their journal entries;
   * on failure they keep waiting (still durable in the journal) and the next flush tries again.
   */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => undefined);
    clearTimeout(this.timer);
    this.timer = undefined;
    // A copy: appends go on while this flush writes, and the rows they add are the next flush's (dropping them here
    // with the ones written would lose them from the table, and the next flush would delete their journal entry).
    const rows = this.waiting.slice();
    if (rows.length === 0) return;
    const through = rows[rows.length - 1]!.leafIndex + 1;
    this.flushing = this.db
      .transaction(async (tx) => {
        await insertRows(tx, this.table, rows);
        await tx.query(`delete from ${this.journal} where end_leaf <= $1`, [through]);
      })
      .then(() => {
        this.waiting = this.waiting.slice(rows.length);
        for (const row of rows) this.waitingByAuditId.delete(row.auditId);
        this.firstWaitingAt = Date.now();
      })
      .finally(() => {
        this.flushing = undefined;
        this.schedule();
      });
    return this.flushing;
  }

  /** How many rows wait to be written into the searchable table, and how long the oldest has waited (ms). */
  behind(): { rows: number; ms: number } {
    return { rows: this.waiting.length, ms: this.waiting.length ? Date.now() - this.firstWaitingAt : 0 };
  }

  /** Writes the waiting rows, then stops the timer. */
  async close(): Promise<void> {
    await this.flush();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.waiting.length === 0 || this.timer) return;
    this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.options.flushMs);
    this.timer.unref();
  }

  // Moves every journal entry (appended before a crash, or by another process) into audit_leaves.
  private async sync(): Promise<void> {
    await this.flush();
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<JournalRow>(
        `select first_leaf, leaf_hashes, records from ${this.journal} order by first_leaf`,
      );
      await insertRows(tx, this.table, rows.flatMap(journalRows));
      // Only the rows read: another process may be appending meanwhile (PostgreSQL), and its rows stay until moved.
      await tx.query(`delete from ${this.journal} where first_leaf = any($1::bigint[])`, [
        rows.map((r) => Number(r.first_leaf)),
      ]);
    });
    this.unsynced = false;
  }

  async leafHashes(from: number, count: number): Promise<string[]> {
    if (this.unsynced) await this.sync();
    // The table and the journal in one statement (one snapshot): another process's batches (the writer's, when this
    // is a reading instance) wait in the journal until it writes them behind, and a proof over them must not fail.
    const { rows } = await this.db.query<{ first: string | number; hashes: string }>(
      `select leaf_index as first, leaf_hash as hashes from ${this.table} where leaf_index >= $1 and leaf_index < $2
       union all
       select first_leaf, leaf_hashes from ${this.journal} where end_leaf > $1 and first_leaf < $2`,
      [from, from + count],
    );
    const byLeaf = new Map<number, string>();
    for (const row of rows)
      for (let i = 0, first = Number(row.first); i * 64 < row.hashes.length; i++)
        byLeaf.set(first + i, row.hashes.slice(i * 64, (i + 1) * 64));
    // The waiting rows continue the table's dense prefix.
    for (const row of this.waiting)
      if (row.leafIndex >= from && row.leafIndex < from + count) byLeaf.set(row.leafIndex, row.leafHash);
    const hashes: string[] = [];
    for (let leaf = from; leaf < from + count && byLeaf.has(leaf); leaf++) hashes.push(byLeaf.get(leaf)!);
    return hashes;
  }

  async range(fromLeafIndex: number, limit: number): Promise<AuditIndexRow[]> {
    if (this.unsynced) await this.sync();
    const { rows } = await this.db.query<LeafRow>(
      `select ${COLUMNS} from ${this.table} where leaf_index >= $1 order by leaf_index limit $2`,
      [fromLeafIndex, limit],
    );
    return withWaiting(rows.map(fromLeafRow), this.waiting, (row) => row.leafIndex >= fromLeafIndex, limit);
  }

  async get(auditId: string): Promise<AuditIndexRow | undefined> {
    const key = indexText(auditId);
    const waiting = this.waitingByAuditId.get(key);
    if (waiting) return waiting;
    const { rows } = await this.db.query<LeafRow>(
      `select ${COLUMNS} from ${this.table} where audit_id = $1`,
      [key],
    );
    return rows[0] ? fromLeafRow(rows[0]) : this.waitingByAuditId.get(key);
  }

  async search(query: AuditQuery): Promise<AuditPage> {
    const q = indexQuery(query);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (q.afterLeafIndex !== undefined) add((p) => `leaf_index > ${p}`, q.afterLeafIndex);
    if (q.subjectPersonId !== undefined)
      add((p) => `subject_person_ids @> array[${p}::text]`, q.subjectPersonId);
    if (q.incidentRef !== undefined) add((p) => `incident_ref = ${p}`, q.incidentRef);
    if (q.carePlanRef !== undefined) add((p) => `care_plan_ref = ${p}`, q.carePlanRef);
    if (q.maracCaseRef !== undefined) add((p) => `marac_case_ref = ${p}`, q.maracCaseRef);
    if (q.teamId !== undefined) add((p) => `team_id = ${p}`, q.teamId);
    if (q.kinds !== undefined) add((p) => `kind = any(${p}::text[])`, [...q.kinds]);
    if (q.decisionId !== undefined) add((p) => `decision_id = ${p}`, q.decisionId);
    if (q.notificationId !== undefined) add((p) => `notification_id = ${p}`, q.notificationId);
    if (q.area !== undefined) add((p) => `area = ${p}`, q.area);
    if (q.areas !== undefined) add((p) => `(area is null or area = any(${p}::text[]))`, [...q.areas]);
    if (q.from !== undefined) add((p) => `occurred_at >= ${p}::timestamptz`, q.from);
    if (q.to !== undefined) add((p) => `occurred_at < ${p}::timestamptz`, q.to);
    params.push(q.limit + 1);
    const { rows } = await this.db.query<LeafRow>(
      `select ${COLUMNS} from ${this.table} ${where.length ? `where ${where.join(' and ')}` : ''} order by leaf_index limit $${params.length}`,
      params,
    );
    const found = withWaiting(
      rows.map(fromLeafRow),
      this.waiting,
      (row) => matchesQuery(row, q),
      q.limit + 1,
    );
    return { rows: found.slice(0, q.limit), more: found.length > q.limit };
  }

  async facts(query: AuditFactQuery): Promise<AuditFact[]> {
    if (this.unsynced) await this.sync();
    // The record's triage id, due time and fired rules are read from its JSON by the database: only they leave it.
    const { rows } = await this.db.query<{
      leaf_index: string | number;
      kind: string;
      occurred_at: Date | string;
      area: string;
      service: string | null;
      team_id: string | null;
      notification_id: string | null;
      triage_id: string | null;
      due_by: string | null;
      rules_fired: unknown;
    }>(
      `select leaf_index, kind, occurred_at, area, service, team_id, notification_id,
         record_json::jsonb ->> 'triageId' as triage_id, record_json::jsonb ->> 'dueBy' as due_by,
         record_json::jsonb -> 'rulesFired' as rules_fired
       from ${this.table}
       where kind = any($1::text[]) and occurred_at >= $2::timestamptz and occurred_at < $3::timestamptz
         and area = any($4::text[])
       order by leaf_index`,
      [[...query.kinds], indexInstant(query.from), indexInstant(query.to), [...query.areas]],
    );
    const stored = rows.map((r) =>
      factOfRecord(
        {
          kind: r.kind as AuditKind,
          occurredAt: new Date(r.occurred_at).toISOString(),
          area: r.area,
          service: r.service,
          teamId: r.team_id,
          notificationId: r.notification_id,
        },
        {
          triageId: r.triage_id,
          dueBy: r.due_by,
          rulesFired: typeof r.rules_fired === 'string' ? JSON.parse(r.rules_fired) : r.rules_fired,
        },
      ),
    );
    // The rows still waiting to be written behind (and not already in the table), read as the in-memory index does.
    const seen = new Set(rows.map((r) => Number(r.leaf_index)));
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    const waiting = this.waiting.filter((row) => {
      const at = Date.parse(row.occurredAt);
      return (
        !seen.has(row.leafIndex) &&
        query.kinds.includes(row.kind) &&
        at >= from &&
        at < to &&
        row.area !== null &&
        query.areas.includes(row.area)
      );
    });
    return [
      ...stored,
      ...waiting.map((row) => factOfRecord(row, JSON.parse(row.recordJson) as Record<string, unknown>)),
    ];
  }
}

interface JournalRow {
  first_leaf: string | number;
  leaf_hashes: string;
  records: string;
}

// The index rows of a journal entry, derived from its leaves as the sequencer derives them (`toIndexRow`).
function journalRows(entry: JournalRow): AuditIndexRow[] {
  const first = Number(entry.first_leaf);
  return entry.records.split('\n').map((recordJson, i) =>
    toIndexRow(JSON.parse(recordJson) as AuditRecord, {
      leafIndex: first + i,
      leafHash: entry.leaf_hashes.slice(i * 64, (i + 1) * 64),
      recordJson,
    }),
  );
}

// The rows read from the table, then the waiting rows that match and are not among them, up to `limit`: the
// waiting rows all come after the table's (a row leaves `waiting` only once it is in the table).
function withWaiting(
  stored: AuditIndexRow[],
  waiting: readonly AuditIndexRow[],
  matches: (row: AuditIndexRow) => boolean,
  limit: number,
): AuditIndexRow[] {
  if (waiting.length === 0 || stored.length >= limit) return stored;
  const seen = new Set(stored.map((row) => row.leafIndex));
  for (const row of waiting) {
    if (stored.length >= limit) break;
    if (!seen.has(row.leafIndex) && matches(row)) stored.push(row);
  }
  return stored;
}

// Multi-row inserts; a row already there (moved in by another process's open) is skipped, not doubled.
async function insertRows(tx: SqlExecutor, table: string, rows: readonly AuditIndexRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    const values = chunk
      .map(
        (_, r) =>
          `(${Array.from({ length: PER_ROW }, (_unused, c) => `$${r * PER_ROW + c + 1}`).join(', ')})`,
      )
      .join(', ');
    await tx.query(
      `insert into ${table} (${COLUMNS}) values ${values} on conflict (leaf_index) do nothing`,
      chunk.flatMap((row) => [
        row.leafIndex,
        row.leafHash,
        row.auditId,
        row.kind,
        row.occurredAt,
        row.area,
        [...row.subjectPersonIds],
        row.incidentRef,
        row.carePlanRef,
        row.maracCaseRef,
        row.service,
        row.teamId,
        row.decisionId,
        row.notificationId,
        row.recordJson,
      ]),
    );
  }
}

// The next leaf index: past every row in the table and every journal entry.
async function nextLeafIndex(db: SqlExecutor, table: string, journal: string): Promise<number> {
  const { rows } = await db.query<{ next: string | number }>(
    `select greatest((select coalesce(max(leaf_index) + 1, 0) from ${table}), (select coalesce(max(end_leaf), 0) from ${journal})) as next`,
  );
  return Number(rows[0]?.next ?? 0);
}

function fromLeafRow(row: LeafRow): AuditIndexRow {
  return {
    leafIndex: Number(row.leaf_index),
    leafHash: row.leaf_hash,
    auditId: row.audit_id,
    kind: row.kind as AuditKind,
    occurredAt: new Date(row.occurred_at).toISOString(),
    area: row.area,
    subjectPersonIds: row.subject_person_ids ?? [],
    incidentRef: row.incident_ref,
    carePlanRef: row.care_plan_ref,
    maracCaseRef: row.marac_case_ref,
    service: row.service,
    teamId: row.team_id,
    decisionId: row.decision_id,
    notificationId: row.notification_id,
    recordJson: row.record_json,
  };
}
