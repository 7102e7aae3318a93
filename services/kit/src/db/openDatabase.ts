import { mkdirSync } from 'node:fs';
import type { SqlDatabase } from '../ports/SqlDatabase.js';
import { PgDatabase } from './PgDatabase.js';
import { PGliteDatabase } from './PGliteDatabase.js';

/** PostgreSQL at `url` when set (`DATABASE_URL`), else embedded PostgreSQL (PGlite) in `embeddedDir`. */
export async function openDatabase(options: {
  url?: string | undefined;
  embeddedDir: string;
}): Promise<SqlDatabase> {
  if (options.url) return new PgDatabase(options.url);
  mkdirSync(options.embeddedDir, { recursive: true });
  return PGliteDatabase.open(options.embeddedDir);
}
