import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PGliteDatabase } from '@sharehub/kit/sql';
import { CachedAcceptedEventLedger } from './CachedAcceptedEventLedger.js';
import { InMemoryAcceptedEventLedger } from './InMemoryAcceptedEventLedger.js';
import { ledgerContract } from './ledgerContract.js';
import { SqlAcceptedEventLedger } from './SqlAcceptedEventLedger.js';
import { SqliteAcceptedEventLedger } from './SqliteAcceptedEventLedger.js';
import type { AcceptedEventLedger } from './ports.js';

const sqliteFile = () => join(mkdtempSync(join(tmpdir(), 'gw-ledger-')), 'ledger.sqlite');
const cached = (inner: AcceptedEventLedger, maxEntries = 1000) =>
  new CachedAcceptedEventLedger(inner, { maxEntries });

ledgerContract('in memory', async () => new InMemoryAcceptedEventLedger());
ledgerContract('SQL on embedded PostgreSQL', async () =>
  SqlAcceptedEventLedger.open(await PGliteDatabase.open()),
);
ledgerContract('SQLite file', async () => SqliteAcceptedEventLedger.open(sqliteFile()));
ledgerContract('memory in front of the SQLite file', async () =>
  cached(SqliteAcceptedEventLedger.open(sqliteFile())),
);
ledgerContract('memory of 2 ids in front of the SQLite file', async () =>
  cached(SqliteAcceptedEventLedger.open(sqliteFile()), 2),
);
ledgerContract('memory in front of SQL on embedded PostgreSQL', async () =>
  cached(await SqlAcceptedEventLedger.open(await PGliteDatabase.open())),
);

const event = (bodyHash: string) => ({
  eventId: 'e1',
  bodyHash,
  type: 'IncidentRecorded' as const,
  acceptedAt: '2026-03-14T23:40:00.000Z',
});

describe('the SQLite ledger across a restart', () => {
  it('keeps a claim: another body under the id is still refused after the file is reopened', async () => {
    const file = sqliteFile();
    const before = SqliteAcceptedEventLedger.open(file);
    await before.claim(event('h1'));
    before.close();
    const after = SqliteAcceptedEventLedger.open(file);
    expect(await after.claim(event('h2'))).toEqual({ ...event('h1'), accepted: false });
    after.close();
  });
});

describe('memory in front of a ledger', () => {
  it('has the claim in the ledger before it answers, so a restart (a new memory) refuses another body', async () => {
    const file = sqliteFile();
    const durable = SqliteAcceptedEventLedger.open(file);
    await cached(durable).claim(event('h1'));
    durable.close();
    const reopened = SqliteAcceptedEventLedger.open(file);
    expect((await cached(reopened).claim(event('h2'))).bodyHash).toBe('h1');
    reopened.close();
  });

  it('answers a record at once and writes it behind; flushed, a restart finds it accepted', async () => {
    const file = sqliteFile();
    const durable = SqliteAcceptedEventLedger.open(file);
    const memory = cached(durable);
    await memory.record(event('h1'));
    expect(await memory.find('e1')).toEqual(event('h1'));
    await memory.flush();
    durable.close();
    const reopened = SqliteAcceptedEventLedger.open(file);
    expect(await reopened.find('e1')).toEqual(event('h1'));
    reopened.close();
  });

  it('keeps the id held by its body when a record written behind fails, and says so', async () => {
    const inner = new InMemoryAcceptedEventLedger();
    const failures: unknown[] = [];
    const memory = new CachedAcceptedEventLedger(
      {
        find: (id) => inner.find(id),
        claim: (e) => inner.claim(e),
        record: async () => {
          throw new Error('the database went away');
        },
      },
      { maxEntries: 10, onRecordFailed: (err) => failures.push(err) },
    );
    await memory.record(event('h1'));
    await memory.flush();
    expect(failures).toHaveLength(1);
    expect(await inner.claim(event('h2'))).toEqual({ ...event('h1'), accepted: false });
  });

  it('asks the ledger once per id, then answers repeats from memory', async () => {
    const inner = new InMemoryAcceptedEventLedger();
    let claims = 0;
    const memory = cached({
      find: (id) => inner.find(id),
      claim: (e) => (claims++, inner.claim(e)),
      record: (e) => inner.record(e),
    });
    await memory.claim(event('h1'));
    await memory.record(event('h1'));
    for (let i = 0; i < 5; i++) expect((await memory.claim(event('h2'))).bodyHash).toBe('h1');
    expect(claims).toBe(1);
  });

  it('holds at most maxEntries ids', async () => {
    const memory = cached(new InMemoryAcceptedEventLedger(), 3);
    for (let i = 0; i < 10; i++) await memory.claim({ ...event('h'), eventId: `e${i}` });
    expect(memory.size).toBe(3);
  });
});
