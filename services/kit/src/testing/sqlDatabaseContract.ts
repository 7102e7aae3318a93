import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../ports/SqlDatabase.js';

/** The behaviour every SqlDatabase must have; run against PGlite and against a PostgreSQL server. */
export function sqlDatabaseContract(name: string, makeDatabase: () => Promise<SqlDatabase>): void {
  describe(`SqlDatabase contract: ${name}`, () => {
    const table = () => `t_${randomUUID().replaceAll('-', '')}`;

    it('runs parameterised queries and returns rows', async () => {
      const db = await makeDatabase();
      const t = table();
      await db.exec(`create table ${t} (id text primary key, n integer not null, at timestamptz)`);
      await db.query(`insert into ${t} (id, n, at) values ($1, $2, $3)`, ['a', 1, '2026-03-14T22:10:00Z']);
      const { rows } = await db.query<{ id: string; n: number; at: Date }>(
        `select id, n, at from ${t} where id = $1`,
        ['a'],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.n).toBe(1);
      expect(new Date(rows[0]!.at).toISOString()).toBe('2026-03-14T22:10:00.000Z');
      await db.close();
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      const db = await makeDatabase();
      const t = table();
      await db.exec(`create table ${t} (id text primary key)`);
      await db.transaction(async (tx) => {
        await tx.query(`insert into ${t} (id) values ($1)`, ['kept']);
      });
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`insert into ${t} (id) values ($1)`, ['lost']);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const { rows } = await db.query<{ id: string }>(`select id from ${t} order by id`);
      expect(rows.map((r) => r.id)).toEqual(['kept']);
      await db.close();
    });
  });
}
