import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { infraDir } from './paths.js';

// The infra scripts are this package's config surface: KAFKA_PORT / S3_PORT move the local servers (the shell
// scripts read the same variables), e.g. to run a second copy of the hub's tests beside a running one.
const kafkaPort = Number(process.env.KAFKA_PORT ?? 9092);
const s3Port = Number(process.env.S3_PORT ?? 9090);

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

/** Starts a local server unless one already listens; says whether this call started it. */
export async function ensureLocalServer(server: LocalServer): Promise<{ startedHere: boolean }> {
  const port = server === 'kafka' ? kafkaPort : s3Port;
  if (await portOpen('127.0.0.1', port)) return { startedHere: false };
  await runServerScript(server, 'start');
  return { startedHere: true };
}
