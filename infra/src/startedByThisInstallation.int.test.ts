import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startedByThisInstallation } from './localServers.js';

// A stand-in for the broker: a process whose command line names its data folder, as the jar's does, listening on a
// free port it prints.
const children: ChildProcess[] = [];
async function serverOn(dataDir: string): Promise<{ pid: number; port: number }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port))",
      join(dataDir, 'server.properties'),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString()))),
  );
  return { pid: child.pid!, port };
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
  it('is true when our pid file names a live server on our data folder that listens on the port', async () => {
    const ours = dataDir();
    const server = await serverOn(ours);
    writeFileSync(join(ours, 'kafka.pid'), `${server.pid}\n`);
    expect(startedByThisInstallation('kafka', ours, server.port)).toBe(true);
  });

  it('is false with no pid file: another folder (or anything else) started the server on the port', async () => {
    const other = await serverOn(dataDir());
    expect(startedByThisInstallation('kafka', dataDir(), other.port)).toBe(false);
  });

  it('is false when our own server runs, but on another port than the one asked about', async () => {
    const ours = dataDir();
    const server = await serverOn(ours);
    const other = await serverOn(dataDir());
    writeFileSync(join(ours, 'kafka.pid'), `${server.pid}\n`);
    expect(startedByThisInstallation('kafka', ours, other.port)).toBe(false);
  });

  it('is false when the pid in our file is now another installation’s server', async () => {
    const ours = dataDir();
    const other = await serverOn(dataDir());
    writeFileSync(join(ours, 's3.pid'), `${other.pid}\n`);
    expect(startedByThisInstallation('s3', ours, other.port)).toBe(false);
  });

  it('is false when our pid file is stale (the process is gone)', async () => {
    const ours = dataDir();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    writeFileSync(join(ours, 'kafka.pid'), `${child.pid}\n`);
    expect(startedByThisInstallation('kafka', ours, 9)).toBe(false);
  });
});
