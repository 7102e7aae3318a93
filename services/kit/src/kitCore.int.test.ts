import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Which bare packages a fresh Node process loads when it imports one entry point of the kit (resolve hooks record
// every module resolved, so a package reached through any chain of imports is seen).
function packagesLoadedBy(specifier: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = new Set();
    registerHooks({
      resolve(spec, context, next) {
        const result = next(spec, context);
        const match = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(result.url);
        if (match) seen.add(match[1]);
        return result;
      },
    });
    await import(${JSON.stringify(specifier)});
    process.stdout.write(JSON.stringify([...seen]));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

const HEAVY = ['kafkajs', '@aws-sdk/client-s3', 'pg', '@electric-sql/pglite', 'express'];

describe('the kit split by role', () => {
  it('importing the core (config, errors, logger, clock) loads no Kafka, S3, database or HTTP library', () => {
    const loaded = packagesLoadedBy('@sharehub/kit');
    expect(loaded).toContain('pino');
    expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
  });

  it('the canonical JSON and errors entries (for the pure decision core and audit log) load no package at all', () => {
    expect(packagesLoadedBy('@sharehub/kit/json')).toEqual([]);
    expect(packagesLoadedBy('@sharehub/kit/errors')).toEqual([]);
  });

  it('the pages entry loads no charting library; the charts entry loads vega and vega-lite', () => {
    expect(packagesLoadedBy('@sharehub/kit/web').filter((name) => name.startsWith('vega'))).toEqual([]);
    expect(packagesLoadedBy('@sharehub/kit/charts')).toEqual(expect.arrayContaining(['vega', 'vega-lite']));
  });

  it.each([
    ['@sharehub/kit/kafka', 'kafkajs'],
    ['@sharehub/kit/s3', '@aws-sdk/client-s3'],
    ['@sharehub/kit/sql', 'pg'],
    ['@sharehub/kit/http', 'express'],
  ])('%s loads its own library (%s) and no other adapter family', (entry, own) => {
    const loaded = packagesLoadedBy(entry);
    expect(loaded).toContain(own);
    const others = HEAVY.filter((name) => name !== own && !(own === 'pg' && name === '@electric-sql/pglite'));
    expect(loaded.filter((name) => others.includes(name))).toEqual([]);
  });
});
