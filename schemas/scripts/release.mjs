#!/usr/bin/env node
// Records the fingerprint of every schema version in avro/released.lock.json. Run it when a NEW version is released;
// an edit to an already released version is refused (add a new version instead).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalogue } from '../dist/catalogue.js';

const lockFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'avro', 'released.lock.json');
const lock = existsSync(lockFile) ? JSON.parse(readFileSync(lockFile, 'utf8')) : {};
let refused = 0;
for (const v of loadCatalogue()) {
  const key = `${v.event}.v${v.version}`;
  if (lock[key] && lock[key] !== v.fingerprintHex) {
    console.error(
      `refused: ${key} was released with fingerprint ${lock[key]} and now has ${v.fingerprintHex}; add a new version instead`,
    );
    refused++;
  } else if (!lock[key]) {
    lock[key] = v.fingerprintHex;
    console.error(`released ${key} ${v.fingerprintHex}`);
  }
}
writeFileSync(lockFile, JSON.stringify(Object.fromEntries(Object.entries(lock).sort()), null, 2) + '\n');
process.exit(refused ? 1 : 0);
