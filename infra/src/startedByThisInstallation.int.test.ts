import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startedByThisInstallation } from './localServers.js';

// A stand-in for the broker: a process whose command line names its data folder, as the jar's does.
const children: ChildProcess[] = [];
function serverOn(dataDir: string): number {
  const child = spawn(
    process.execPath,
    ['-e', 'setInterval(() => {}, 1000)', join(dataDir, 'server.properties')],
    {
      stdio: 'ignore',
    },
  );
  children.push(child);
  return child.pid!;
}
const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sharehub-owner-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('startedByThisInstallation', () => {
  it('is true when our pid file names a live server running on our data folder', () => {
    const ours = dataDir();
    writeFileSync(join(ours, 'kafka.pid'), `${serverOn(ours)}\n`);
    expect(startedByThisInstallation('kafka', ours)).toBe(true);
  });

  it('is false with no pid file: another folder (or anything else) started the server on the port', () => {
    expect(startedByThisInstallation('kafka', dataDir())).toBe(false);
  });

  it('is false when the pid in our file is now another installation’s server', () => {
    const ours = dataDir();
    writeFileSync(join(ours, 's3.pid'), `${serverOn(dataDir())}\n`);
    expect(startedByThisInstallation('s3', ours)).toBe(false);
  });

  it('is false when our pid file is stale (the process is gone)', async () => {
    const ours = dataDir();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    writeFileSync(join(ours, 'kafka.pid'), `${child.pid}\n`);
    expect(startedByThisInstallation('kafka', ours)).toBe(false);
  });
});
