import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const testshire = fileURLToPath(new URL('../../test-fixtures/areas/testshire/', import.meta.url));

/** A fresh AREAS_DIR holding the testshire fixture alone: rulesets/testshire.json and directory/testshire.json. */
export function testshireAreasDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'areas-'));
  mkdirSync(join(dir, 'rulesets'));
  mkdirSync(join(dir, 'directory'));
  cpSync(join(testshire, 'ruleset.json'), join(dir, 'rulesets', 'testshire.json'));
  cpSync(join(testshire, 'directory.json'), join(dir, 'directory', 'testshire.json'));
  return dir;
}
