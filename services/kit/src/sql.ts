// `@sharehub/kit/sql`: the SqlDatabase adapters, PostgreSQL (pg) and embedded PGlite, and the choice between them.
export { PgDatabase } from './db/PgDatabase.js';
export { PGliteDatabase } from './db/PGliteDatabase.js';
export { openDatabase } from './db/openDatabase.js';
