import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@sharehub/infra';

/** An AREAS_DIR with testshire's files, its ruleset broken in one field (a rule naming a predicate no one wrote). */
function brokenAreasDir(): { dir: string; rulesetFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'areas-'));
  mkdirSync(join(dir, 'rulesets'));
  mkdirSync(join(dir, 'directory'));
  const fixture = join(repoRoot, 'services/decision-core/test-fixtures/areas/testshire');
  const rulesetFile = join(dir, 'rulesets', 'testshire.json');
  writeFileSync(
    rulesetFile,
    readFileSync(join(fixture, 'ruleset.json'), 'utf8').replace('"riskFactorPresent"', '"moonIsFull"'),
  );
  cpSync(join(fixture, 'directory.json'), join(dir, 'directory', 'testshire.json'));
  return { dir, rulesetFile };
}

/** Runs a built service (`node services/NAME/dist/main.js`) until it exits; rejects if it is still up after 30 s. */
function runUntilExit(name: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [join(repoRoot, 'services', name, 'dist', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not refuse to start within 30 s:\n${output}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('a service refuses to start on a broken ruleset, naming the file and the field', () => {
  it.each(['triage', 'router', 'inbox'])('%s', async (name) => {
    const { dir, rulesetFile } = brokenAreasDir();
    const { code, output } = await runUntilExit(name, {
      AREAS_DIR: dir,
      // Nothing listens here: the service must stop on its areas before it reaches for the broker or a database.
      KAFKA_BROKERS: '127.0.0.1:1',
      INBOX_DATA_DIR: join(dir, 'inbox-data'),
      INBOX_PORT: '0',
    });
    expect(code).not.toBe(0);
    expect(output).toContain(
      `${rulesetFile}: ruleset testshire is invalid: rule X2: names unknown predicate moonIsFull`,
    );
    expect(output).toContain('RULESET_INVALID');
    expect(output).not.toMatch(/consuming|listening/);
  });
});
