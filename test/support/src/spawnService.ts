import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@sharehub/infra';
import { FAULT_POINT_MARKER } from '@sharehub/kit';

/** A service running as its own process (`node services/<name>/dist/main.js`), as `npm start` runs it. */
export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Every JSON log line the process wrote so far. */
  readonly lines: Array<Record<string, unknown>>;
  /** Every raw stdout and stderr line, for log-hygiene checks. */
  readonly raw: string[];
  /** Sends a signal and resolves with the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The log message each service writes once it is ready. */
export const READY_MESSAGES: Readonly<Record<string, string>> = {
  gateway: 'gateway listening',
  triage: 'triage consuming',
  router: 'router consuming',
  audit: 'audit service listening',
  inbox: 'inbox listening',
};

/**
 * Starts a built service with `env` (plus PATH) and resolves once it logs that it is ready, or once it paused at the
 * fault point it was armed at (`SHAREHUB_FAULT_PAUSE_AT`: it may get there before it is ready; the test kills it). `nodeArgs` go before the
 * script (e.g. `--cpu-prof`, which NODE_OPTIONS does not allow).
 */
export async function spawnService(
  name: string,
  env: Record<string, string>,
  timeoutMs = 90_000,
  nodeArgs: readonly string[] = [],
): Promise<ServiceProcess> {
  const main = join(repoRoot, 'services', name, 'dist', 'main.js');
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = READY_MESSAGES[name] ?? `${name} listening`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`${name} did not become ready in ${timeoutMs} ms:\n${raw.slice(-20).join('\n')}`)),
      timeoutMs,
    );
    const onLine = (line: string) => {
      raw.push(line);
      if (line.startsWith(FAULT_POINT_MARKER)) {
        clearTimeout(timer);
        resolve();
        return;
      }
      if (!line.startsWith('{')) return;
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        lines.push(parsed);
        if (parsed.msg === ready) {
          clearTimeout(timer);
          resolve();
        }
      } catch {
        // not a log line
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const parts = buffered.split('\n');
        buffered = parts.pop()!;
        parts.forEach(onLine);
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready:\n${raw.slice(-20).join('\n')}`));
    });
  });
  return {
    name,
    child,
    lines,
    raw,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
