import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portOpen, repoRoot } from '@sharehub/infra';
import { freePort } from './freePort.js';
import { testServers } from '@sharehub/test-support';

// Each command of the README's Commands table, run on a fresh clone of this repository (its committed HEAD), in the
// order that used to fail (infra:up before anything was built). Affordable: the clone gets this checkout's
// node_modules and, when present, its Maven-fetched jars as hard links (both git-ignored, as on any fresh clone
// after `npm ci`); everything else (every dist, the turbo cache, the keys, the data folders) starts empty. The
// clone's broker, S3 server and services run on free ports of their own, so the shared servers on the default
// ports are never touched; afterAll stops whatever the clone still runs, by its own pid files only.

const clone = mkdtempSync(join(tmpdir(), 'sharehub-clone-'));
let ports: Record<string, string> = {};
let started: ChildProcess | undefined;

/** The environment of a person at the clone: no servers named, this clone's own ports. */
function cloneEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...ports, ...extra };
  delete env.KAFKA_BROKERS;
  delete env.S3_ENDPOINT;
  delete env.DATABASE_URL;
  delete env.TOPIC_PREFIX;
  delete env.LOG_FORMAT;
  return env;
}

async function npmRun(
  args: string[],
  extra: Record<string, string> = {},
  timeoutMs = 600_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout ends the whole tree (npm, turbo, a server start-up), not npm alone.
    const child = spawn('npm', ['run', ...args], {
      cwd: clone,
      env: cloneEnv(extra),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(
        new Error(`npm run ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${stderr.slice(-3000)}`),
      );
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const up = (name: 'KAFKA_PORT' | 'S3_PORT') => portOpen('127.0.0.1', Number(ports[name]));

beforeAll(async () => {
  const head = spawnSync('git', ['-C', repoRoot, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: clone, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git('clone', '--quiet', '--no-checkout', repoRoot, '.');
  git('checkout', '--quiet', head);
  const link = (from: string, to: string) => {
    const r = spawnSync('cp', ['-al', from, to]);
    if (r.status !== 0) throw new Error(`cp -al ${from}: ${r.stderr.toString()}`);
  };
  const workspaces = [
    '.',
    'infra',
    'infra/node', // the pinned Node.js (infra/scripts/node-env.sh), as installed here
    'schemas',
    'contracts',
    ...['services', 'test'].flatMap((d) => readdirSync(join(repoRoot, d)).map((p) => join(d, p))),
  ];
  for (const ws of workspaces)
    if (existsSync(join(repoRoot, ws, 'node_modules')) && existsSync(join(clone, ws)))
      link(join(repoRoot, ws, 'node_modules'), join(clone, ws, 'node_modules'));
  for (const server of ['kafka', 's3'])
    if (existsSync(join(repoRoot, 'infra', server, 'lib'))) {
      link(join(repoRoot, 'infra', server, 'lib'), join(clone, 'infra', server, 'lib'));
      spawnSync('touch', [join(clone, 'infra', server, 'lib')]); // newer than the clone's pom.xml: no re-fetch
    }
  const names = [
    'KAFKA_PORT',
    'KAFKA_CONTROLLER_PORT',
    'S3_PORT',
    'S3_HTTPS_PORT',
    'GATEWAY_PORT',
    'INBOX_PORT',
    'AUDIT_PORT',
    'DEV_IDP_PORT',
  ];
  ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, String(await freePort())])));
}, 180_000);

afterAll(async () => {
  if (started && started.exitCode === null && started.signalCode === null)
    try {
      process.kill(-started.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  for (const server of ['s3', 'kafka'])
    spawnSync('bash', [join(clone, 'infra', server, 'stop.sh')], { env: cloneEnv(), stdio: 'ignore' });
  rmSync(clone, { recursive: true, force: true });
}, 180_000);

describe('every README command on a fresh clone', () => {
  it('npm run infra:up builds what it needs, then starts the broker and S3 server on this clone’s ports', async () => {
    const r = await npmRun(['infra:up']);
    expect(r.stderr).not.toMatch(/MODULE_NOT_FOUND/);
    expect(r.code, r.stderr).toBe(0);
    expect(await up('KAFKA_PORT')).toBe(true);
    expect(await up('S3_PORT')).toBe(true);
  }, 660_000);

  it('npm run -s token prints a token alone on stdout (the build stays silent)', async () => {
    const r = await npmRun([
      '-s',
      'token',
      '--',
      '--role',
      'recipient',
      '--org',
      'tr-csc-first-response',
      '--area',
      'trafford',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  }, 660_000);

  it('npm run -s explain decides a golden example', async () => {
    const r = await npmRun(['-s', 'explain', '--', 'contracts/examples/valid/incident-trafford.json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toBeTruthy();
  }, 660_000);

  it('npm run -s verify checks the (empty) audit log of this clone', async () => {
    const r = await npmRun(['-s', 'verify', '--', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toBeTruthy();
  }, 660_000);

  it('infra:up refuses a broker on its port that another installation started, and leaves it running', async () => {
    const shared = testServers().kafkaBrokers[0]!;
    const r = await npmRun(['infra:up'], { KAFKA_PORT: shared.split(':').at(-1)! });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/did not start it/);
    const [host, port] = shared.split(':');
    expect(await portOpen(host!, Number(port))).toBe(true);
  }, 660_000);

  it('npm run infra:down stops what infra:up started', async () => {
    const r = await npmRun(['infra:down']);
    expect(r.code, r.stderr).toBe(0);
    expect(await up('KAFKA_PORT')).toBe(false);
    expect(await up('S3_PORT')).toBe(false);
  }, 180_000);

  it('npm start brings the hub up, and Ctrl-C stops everything it started', async () => {
    // A terminal's Ctrl-C signals the whole foreground process group: npm, its shell, turbo or the starter.
    const child = spawn('npm', ['start'], {
      cwd: clone,
      env: cloneEnv(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started = child;
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm start not up in time:\n${stderr.slice(-3000)}`)),
        600_000,
      );
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('sharehub is up')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${stderr.slice(-3000)}`)));
    });
    expect(stdout).toContain(`http://127.0.0.1:${ports.GATEWAY_PORT}`);
    expect((await fetch(`http://127.0.0.1:${ports.GATEWAY_PORT}/healthz`)).ok).toBe(true);
    // The development OpenID provider answers, and the inbox's pages send a visitor to it to sign in.
    const idp = `http://127.0.0.1:${ports.DEV_IDP_PORT}`;
    expect((await fetch(`${idp}/.well-known/openid-configuration`)).ok).toBe(true);
    const signIn = await fetch(`http://127.0.0.1:${ports.INBOX_PORT}/sign-in`, { redirect: 'manual' });
    expect(signIn.headers.get('location')).toMatch(new RegExp(`^${idp}/auth\\?`));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGINT');
    await exited;
    expect(await up('KAFKA_PORT')).toBe(false);
    expect(await up('S3_PORT')).toBe(false);
    expect(await portOpen('127.0.0.1', Number(ports.GATEWAY_PORT))).toBe(false);
    expect(await portOpen('127.0.0.1', Number(ports.DEV_IDP_PORT))).toBe(false);
  }, 720_000);

  it('npm run bench stops the broker and S3 server it started, and only those', async () => {
    const r = await npmRun(['bench', '--', '--count', '20', '--phases', 'direct'], {}, 600_000);
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    expect(await up('KAFKA_PORT')).toBe(false);
    expect(await up('S3_PORT')).toBe(false);
    const [host, port] = testServers().kafkaBrokers[0]!.split(':');
    expect(await portOpen(host!, Number(port))).toBe(true);
  }, 660_000);
});
