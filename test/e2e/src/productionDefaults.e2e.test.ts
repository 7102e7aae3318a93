import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@sharehub/infra';

/** Runs a built service as `npm start` would and resolves with its exit code and everything it wrote. */
function run(service: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'services', service, 'dist', 'main.js')], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${service} was still running after 30 s: it started on development defaults\n${output}`),
      );
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('a service started with NODE_ENV=production on development defaults', () => {
  it.each([
    ['gateway', ['AUTH_JWKS', 'KEY_HASH_SECRET']],
    ['inbox', ['AUTH_JWKS', 'INBOX_SECURE_COOKIE', 'PAGE_OIDC_CLIENT_ID', 'PAGE_PUBLIC_URL']],
    [
      'audit',
      [
        'AUTH_JWKS',
        'S3_ACCESS_KEY_ID',
        'S3_SECRET_ACCESS_KEY',
        'AUDIT_SECURE_COOKIE',
        'AUDIT_SIGNING_KEY',
        'PAGE_OIDC_CLIENT_ID',
      ],
    ],
  ] as const)('the %s refuses to start, naming each setting', async (service, settings) => {
    const { code, output } = await run(service, { NODE_ENV: 'production', LOG_LEVEL: 'info' });
    expect(code).not.toBe(0);
    expect(output).toContain('DEVELOPMENT_DEFAULT');
    for (const setting of settings) expect(output).toMatch(new RegExp(`${setting}: `));
  });

  it('the audit service refuses a missing signing key in production and generates none', async () => {
    const keys = mkdtempSync(join(tmpdir(), 'prod-audit-keys-'));
    const signingKey = join(keys, 'signing.private.jwk.json');
    const { code, output } = await run('audit', {
      NODE_ENV: 'production',
      AUTH_JWKS: 'https://idp.example/.well-known/jwks.json',
      S3_ACCESS_KEY_ID: 'production-key-id',
      S3_SECRET_ACCESS_KEY: 'production-secret',
      AUDIT_SECURE_COOKIE: 'true',
      AUDIT_SIGNING_KEY: signingKey,
      AUDIT_JWKS: join(keys, 'audit-jwks.json'),
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/AUDIT_SIGNING_KEY: names no file/);
    expect(existsSync(signingKey)).toBe(false);
  });
});
