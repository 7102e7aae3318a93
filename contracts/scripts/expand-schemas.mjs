#!/usr/bin/env node
// Writes contracts/avro/<Event>.avsc: the latest version of each event schema with every shared named type inlined,
// so the AsyncAPI document (and anyone outside this repo) can read one self-contained file per message.
// A unit test fails when these files drift from schemas/avro; run `npm run expand-schemas -w @sharehub/contracts`.
import { writeFileSync } from 'node:fs';
import { expandedSchema, loadCatalogue } from '@sharehub/schemas';

const latest = new Map();
for (const v of loadCatalogue()) if (!latest.has(v.event) || latest.get(v.event).version < v.version) latest.set(v.event, v);
for (const [event, v] of latest) {
  writeFileSync(new URL(`../avro/${event}.avsc`, import.meta.url), `${JSON.stringify(expandedSchema(v.type), null, 2)}\n`);
}
process.stderr.write(`expanded ${latest.size} schemas into contracts/avro\n`);
