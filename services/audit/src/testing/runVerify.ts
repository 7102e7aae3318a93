import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AuditVerifyReport } from '../verify/verifyAudit.js';

/** The built verify command (`npm run -s verify` runs the same file). */
export const VERIFY_CLI = fileURLToPath(new URL('../cli/verify.js', import.meta.url));

/** Runs the verify command as a child process with only `env` and `args`; resolves its exit code and report. */
export async function runVerify(
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<{ code: number | null; report: AuditVerifyReport | undefined; stderr: string }> {
  const child = spawn(process.execPath, [VERIFY_CLI, ...args], {
    env: { ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  let report: AuditVerifyReport | undefined;
  try {
    report = JSON.parse(stdout) as AuditVerifyReport;
  } catch {
    report = undefined;
  }
  return { code, report, stderr };
}
