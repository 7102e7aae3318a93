import { PGliteDatabase } from '@sharehub/kit/sql';
import { InMemoryAcceptedEventLedger } from './InMemoryAcceptedEventLedger.js';
import { ledgerContract } from './ledgerContract.js';
import { SqlAcceptedEventLedger } from './SqlAcceptedEventLedger.js';

ledgerContract('in memory', async () => new InMemoryAcceptedEventLedger());
ledgerContract('SQL on embedded PostgreSQL', async () =>
  SqlAcceptedEventLedger.open(await PGliteDatabase.open()),
);
