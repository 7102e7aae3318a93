import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './paths.js';
import { SERVICES } from './services.js';

const dclint = join(
  dirname(createRequire(import.meta.url).resolve('dclint/package.json')),
  'bin',
  'dclint.cjs',
);
const composeFile = join(repoRoot, 'docker-compose.yml');

/** Runs dclint (Compose-spec schema validation plus lint rules, config in .dclintrc.json); returns its exit code and output. */
function lint(file: string): { status: number; output: string } {
  try {
    const output = execFileSync(
      process.execPath,
      [dclint, '-q', '--color', 'false', '-c', join(repoRoot, '.dclintrc.json'), file],
      { encoding: 'utf8' },
    );
    return { status: 0, output };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { status: e.status, output: e.stdout };
  }
}

describe('docker-compose.yml', () => {
  it('validates against the Compose specification', { timeout: 60_000 }, () => {
    const result = lint(composeFile);
    expect(result.output.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it('is rejected when it breaks the specification (the check can fail)', { timeout: 60_000 }, () => {
    const broken = readFileSync(composeFile, 'utf8').replace(
      'restart: unless-stopped',
      'restartt: unless-stopped',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'compose-')), 'docker-compose.yml');
    writeFileSync(file, broken);
    const result = lint(file);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('additional properties');
  });

  it('runs Kafka 3.9, MinIO, PostgreSQL and every service npm start knows', () => {
    const compose = parse(readFileSync(composeFile, 'utf8')) as {
      services: Record<string, { image?: string }>;
    };
    expect(compose.services.kafka?.image).toMatch(/^apache\/kafka:3\.9\./);
    expect(compose.services.minio?.image).toMatch(/^minio\/minio/);
    expect(compose.services.postgres?.image).toMatch(/^postgres/);
    for (const service of SERVICES) expect(Object.keys(compose.services)).toContain(service.name);
  });

  it('mounts no development private key into any container: verifiers get the public JWKS, the audit a key of its own', () => {
    type Volume = string | { type: string; source?: string; target: string };
    const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as {
      services: Record<string, { volumes?: Volume[]; environment?: Record<string, string> }>;
    };
    for (const [name, service] of Object.entries(compose.services)) {
      const volumes = service.volumes ?? [];
      const binds = volumes.filter((v): v is string => typeof v === 'string').map((v) => v.split(':'));
      for (const [source] of binds) {
        expect(source, name).not.toMatch(/^\.\/infra\/keys\/?$/);
        expect(source, name).not.toMatch(/private/);
      }
      // The repository is mounted whole, so its infra/keys must be hidden behind an empty folder.
      if (binds.some(([source]) => source === './'))
        expect(volumes, name).toContainEqual({ type: 'tmpfs', target: '/app/infra/keys' });
    }
    expect(compose.services.gateway?.environment?.AUTH_JWKS).toBe('/run/sharehub/auth/jwks.json');
    expect(compose.services.audit?.environment?.AUDIT_SIGNING_KEY).toMatch(/^\/run\/sharehub\/audit\//);
  });
});
