import type { SqlDatabase, SqlExecutor } from '@sharehub/kit';
import type { AuditKind } from '@sharehub/schemas';
import { LeafConflictError } from '../errors.js';
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
const ROWS_PER_INSERT = 1000;

/** The AuditIndex in PostgreSQL (or embedded PGlite): table `audit_leaves`, optionally in its own schema. */
export class SqlAuditIndex implements AuditIndex {
  private constructor(
    private readonly db: SqlDatabase,
    private readonly table: string,
  ) {}

  /** Opens the index in `db`, creating its schema, table and indexes if needed. */
  static async open(db: SqlDatabase, options: { schema?: string } = {}): Promise<SqlAuditIndex> {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new TypeError(`not a plain schema name: ${schema}`);
    const table = schema ? `"${schema}".audit_leaves` : 'audit_leaves';
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
      create index if not exists ${prefix}audit_leaves_time on ${table} (occurred_at)`);
    return new SqlAuditIndex(db, table);
  }

  async size(): Promise<number> {
    return nextLeafIndex(this.db, this.table);
  }

  async existing(auditIds: readonly string[]): Promise<Map<string, string>> {
    if (auditIds.length === 0) return new Map();
    return existingByIndexText(auditIds, async (keys) => {
      const { rows } = await this.db.query<{ audit_id: string; leaf_hash: string }>(
        `select audit_id, leaf_hash from ${this.table} where audit_id = any($1::text[])`,
        [keys],
      );
      return rows.map((r) => [r.audit_id, r.leaf_hash] as const);
    });
  }

  async append(rows: readonly AuditIndexRow[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.db.transaction(async (tx) => {
        const next = await nextLeafIndex(tx, this.table);
        if (rows[0]!.leafIndex !== next)
          throw new LeafConflictError(`leaf ${rows[0]!.leafIndex} does not continue the index at ${next}`);
        rows.forEach((row, i) => {
          if (row.leafIndex !== next + i) throw new LeafConflictError(`leaf ${row.leafIndex} leaves a gap`);
        });
        for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
          const chunk = rows.slice(start, start + ROWS_PER_INSERT);
          const values = chunk
            .map(
              (_, r) =>
                `(${Array.from({ length: PER_ROW }, (_unused, c) => `$${r * PER_ROW + c + 1}`).join(', ')})`,
            )
            .join(', ');
          await tx.query(
            `insert into ${this.table} (${COLUMNS}) values ${values}`,
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
      });
    } catch (err) {
      if (err instanceof LeafConflictError) throw err;
      if ((err as { code?: string }).code === '23505')
        throw new LeafConflictError(`a leaf index or audit id of leaves from ${rows[0]!.leafIndex} is taken`);
      throw err;
    }
  }

  async range(fromLeafIndex: number, limit: number): Promise<AuditIndexRow[]> {
    const { rows } = await this.db.query<LeafRow>(
      `select ${COLUMNS} from ${this.table} where leaf_index >= $1 order by leaf_index limit $2`,
      [fromLeafIndex, limit],
    );
    return rows.map(fromLeafRow);
  }

  async get(auditId: string): Promise<AuditIndexRow | undefined> {
    const { rows } = await this.db.query<LeafRow>(
      `select ${COLUMNS} from ${this.table} where audit_id = $1`,
      [indexText(auditId)],
    );
    return rows[0] ? fromLeafRow(rows[0]) : undefined;
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
    return { rows: rows.slice(0, q.limit).map(fromLeafRow), more: rows.length > q.limit };
  }

  async facts(query: AuditFactQuery): Promise<AuditFact[]> {
    // The record's triage id, due time and fired rules are read from its JSON by the database: only they leave it.
    const { rows } = await this.db.query<{
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
      `select kind, occurred_at, area, service, team_id, notification_id,
         record_json::jsonb ->> 'triageId' as triage_id, record_json::jsonb ->> 'dueBy' as due_by,
         record_json::jsonb -> 'rulesFired' as rules_fired
       from ${this.table}
       where kind = any($1::text[]) and occurred_at >= $2::timestamptz and occurred_at < $3::timestamptz
         and area = any($4::text[])
       order by leaf_index`,
      [[...query.kinds], indexInstant(query.from), indexInstant(query.to), [...query.areas]],
    );
    return rows.map((r) =>
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
  }

  async close(): Promise<void> {}
}

async function nextLeafIndex(db: SqlExecutor, table: string): Promise<number> {
  const { rows } = await db.query<{ next: string | number }>(
    `select coalesce(max(leaf_index) + 1, 0) as next from ${table}`,
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
