import { PGlite } from '@electric-sql/pglite';
import type { QueryResult, SqlDatabase, SqlExecutor } from '../ports/SqlDatabase.js';

/** The SqlDatabase on embedded PostgreSQL (PGlite) in a data folder, or in memory when none is given. */
export class PGliteDatabase implements SqlDatabase {
  private constructor(private readonly db: PGlite) {}

  /** Opens (creating if needed) the database in `dataDir`; one process may hold a folder at a time. */
  static async open(dataDir?: string): Promise<PGliteDatabase> {
    const db = dataDir ? new PGlite(dataDir) : new PGlite();
    await db.waitReady;
    return new PGliteDatabase(db);
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<Row>> {
    const out = await this.db.query<Row>(sql, [...params]);
    return { rows: out.rows };
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (t) =>
      work({
        query: async <Row>(sql: string, params: readonly unknown[] = []) => ({
          rows: (await t.query<Row>(sql, [...params])).rows,
        }),
      }),
    );
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
