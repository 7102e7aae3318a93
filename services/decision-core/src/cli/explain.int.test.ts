import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { incident } from '../testing/fixtures.js';
import { testshireAreasDir } from '../testing/testshireAreasDir.js';
import { main } from './explain.js';

// The built command as a process: what the in-process tests (explain*.unit.test.ts) cannot see.
const builtCli = fileURLToPath(new URL('../../dist/cli/explain.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../../test-fixtures/explain/', import.meta.url));
const command = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [builtCli, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
const write = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'explain-')), 'input.json');
  writeFileSync(file, text);
  return file;
};

describe('the built explain command', () => {
  it('prints the same JSON as main, and nothing else, on stdout', () => {
    const file = join(fixtures, 'kent-referral.json');
    let out = '';
    expect(main([file], (t) => (out += t))).toBe(0);
    const result = command([file]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(out);
  });

  it('exits 2 with a message on stderr, nothing on stdout, for a file that is not JSON', () => {
    const result = command([write('not json')]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^explain: /);
  });

  it("reads AREAS_DIR from the process's environment", () => {
    const file = write(JSON.stringify(incident({ area: 'testshire', dashRisk: 'HIGH' })));
    const result = command([file], { AREAS_DIR: testshireAreasDir() });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'SHARED', rulesFired: ['X1'] });
  });
});
