/** A row set. */
export interface QueryResult<Row> {
  readonly rows: Row[];
}

/** Something that runs parameterised SQL ($1, $2…): the database itself, or one transaction. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/**
 * A PostgreSQL database, as a port: `PgDatabase` for a server (`DATABASE_URL`), `PGliteDatabase` for the
 * embedded default. Both pass `sqlDatabaseContract`.
 *
 * @example
 *   await db.transaction(async (tx) => { await tx.query('insert into inbox_items(id) values ($1)', [id]); });
 */
export interface SqlDatabase extends SqlExecutor {
  /** Runs several statements separated by semicolons (schema migrations); no parameters. */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
