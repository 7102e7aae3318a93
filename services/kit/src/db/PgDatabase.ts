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
    // A connection lost between the transaction's statements is an 'error' on the client: the next statement fails.
    const ignore = () => undefined;
    client.on('error', ignore);
    let broken: Error | undefined;
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
      await client.query('rollback').catch((rollbackErr: unknown) => {
        // A connection that cannot even roll back is not given back to the pool.
        broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
      });
      throw err;
    } finally {
      client.off('error', ignore);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
