import pg from 'pg';
import type { QueryResult, SqlDatabase, SqlExecutor } from '../ports/SqlDatabase.js';

/** The SqlDatabase on a PostgreSQL server, through a `pg` connection pool. */
export class PgDatabase implements SqlDatabase {
  private readonly pool: pg.Pool;

  constructor(connectionString: string, max = 5) {
    this.pool = new pg.Pool({ connectionString, max });
    // An idle connection the server (or the network) dropped is reported here; unheard, it would end the process.
    // The pool discards it, and the next query opens another: it fails while the database is away (so readiness
    // and the caller see it) and succeeds once it is back.
    this.pool.on('error', () => undefined);
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<Row>> {
    const out = await this.pool.query(sql, [...params]);
    return { rows: out.rows as Row[] };
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const tx: SqlExecutor = {
        query: async <Row>(sql: string, params: readonly unknown[] = []) => ({
          rows: (await client.query(sql, [...params])).rows as Row[],
        }),
      };
      const result = await work(tx);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
