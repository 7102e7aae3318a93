import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { SharehubError } from '@sharehub/kit';
import { infraDir, repoRoot } from './paths.js';

// The infra scripts are this package's config surface: KAFKA_PORT / S3_PORT move the local servers (the shell
// scripts read the same variables), e.g. to run a second copy of the hub's tests beside a running one.
const kafkaPort = Number(process.env.KAFKA_PORT ?? 9092);
const s3Port = Number(process.env.S3_PORT ?? 9090);
const dataDirs: Record<LocalServer, string> = {
  kafka: process.env.KAFKA_DATA_DIR ?? join(infraDir, 'kafka', '.data'),
  s3: process.env.S3_DATA_DIR ?? join(infraDir, 's3', '.data'),
};
const PORT_SETTINGS: Record<LocalServer, string> = {
  kafka: 'KAFKA_PORT (and KAFKA_CONTROLLER_PORT)',
  s3: 'S3_PORT (and S3_HTTPS_PORT)',
};

/** Where the local servers listen (127.0.0.1:9092 and :9090 unless KAFKA_PORT / S3_PORT say otherwise). */
export const LOCAL_KAFKA = `127.0.0.1:${kafkaPort}`;
export const LOCAL_S3 = `http://127.0.0.1:${s3Port}`;

/** A server the local scripts manage. */
export type LocalServer = 'kafka' | 's3';

/** Whether something accepts TCP connections on host:port. */
export async function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Runs `infra/<server>/<action>.sh`, streaming its progress to stderr; rejects with its exit code. */
export async function runServerScript(
  server: LocalServer,
  action: 'start' | 'stop',
  env?: Record<string, string>,
): Promise<void> {
  const script = join(infraDir, server, `${action}.sh`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [script], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${server} ${action} failed (exit ${code}); see the lines above`)),
    );
  });
}

/** A server listens on this installation's port, but another folder's scripts started it (it holds that data). */
export class ForeignServerError extends SharehubError {
  constructor(server: LocalServer, address: string) {
    super(
      'LOCAL_SERVER_FOREIGN',
      `${server === 'kafka' ? 'a Kafka broker' : 'an S3 server'} already listens on ${address}, but this ` +
        `installation (${repoRoot}) did not start it, so it holds another installation's data. Stop it from the ` +
        `folder that started it (npm run infra:down there), or run this installation's own on free ports ` +
        `(${PORT_SETTINGS[server]}), or use it on purpose (${server === 'kafka' ? 'KAFKA_BROKERS' : 'S3_ENDPOINT'}=...).`,
    );
  }
}

/**
 * Whether the server listening on a local server's port was started by this installation's scripts: the pid file in
 * this installation's data folder names a live process that (where /proc shows it) runs on this data folder and
 * itself listens on the port. A broker or S3 server started from another clone, or by anything else, is not.
 */
export function startedByThisInstallation(
  server: LocalServer,
  dir = dataDirs[server],
  port = server === 'kafka' ? kafkaPort : s3Port,
): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, `${server}.pid`), 'utf8').trim());
    process.kill(pid, 0);
  } catch {
    return false;
  }
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true; // no /proc here: the live pid from our own pid file is the best evidence there is
  }
  return cmdline.includes(dir) && listensOn(pid, port);
}

/** Whether process `pid` holds a TCP socket listening on `port` (Linux /proc: the socket inodes of its fds). */
function listensOn(pid: number, port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; the inode is the tenth field.
      if (f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A' && f[9]) inodes.add(`socket:[${f[9]}]`);
    }
  }
  if (inodes.size === 0) return false;
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/**
 * Starts a local server unless one already listens; says whether this call started it. With
 * `foreign: 'refuse'` a server this installation did not start is refused ({@link ForeignServerError}), so
 * `npm start` never silently runs on another installation's data; the tests and the bench reuse it (they
 * work in topics, groups and buckets of their own).
 */
export async function ensureLocalServer(
  server: LocalServer,
  options: { foreign?: 'reuse' | 'refuse' } = {},
): Promise<{ startedHere: boolean }> {
  const port = server === 'kafka' ? kafkaPort : s3Port;
  if (await portOpen('127.0.0.1', port)) {
    if (options.foreign === 'refuse' && !startedByThisInstallation(server))
      throw new ForeignServerError(server, server === 'kafka' ? LOCAL_KAFKA : LOCAL_S3);
    return { startedHere: false };
  }
  await runServerScript(server, 'start');
  return { startedHere: true };
}
