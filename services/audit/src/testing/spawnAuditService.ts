import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built service entry point (`npm start` runs the same file). */
export const AUDIT_MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

/** A running audit service process. */
export interface AuditProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every log line the process wrote to stdout so far, parsed. */
  readonly lines: Array<Record<string, unknown>>;
  /** Sends the signal and resolves with the exit code (null when killed). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `services/audit/dist/main.js` with only `env` and resolves once it listens (AUDIT_PORT=0 picks a port). */
export async function spawnAuditService(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<AuditProcess> {
  const child = spawn(process.execPath, [AUDIT_MAIN], { env: { ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the audit service did not start: ${stderr}`)),
      timeoutMs,
    );
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const part of parts) {
        try {
          const line = JSON.parse(part) as Record<string, unknown>;
          lines.push(line);
          if (line.msg === 'audit service listening' && typeof line.url === 'string') {
            clearTimeout(timer);
            resolve(line.url);
          }
        } catch {
          // not a log line
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the audit service exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    child,
    lines,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
