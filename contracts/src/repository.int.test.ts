import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, posix } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { findBrokenLinks } from './findBrokenLinks.js';

// Repository-wide promises of docs/CONVENTIONS.md, checked on the working tree (tracked files and new ones not
// ignored), so that a clone holds every document its links name.
const root = fileURLToPath(new URL('../../', import.meta.url));
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\0')
  .filter((f) => f !== '');
const tracked = new Set(files);
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The workspace packages of the root package.json (`services/*` expanded to the folders with a package.json). */
function workspacePackages(): string[] {
  const { workspaces } = JSON.parse(read('package.json')) as { workspaces: string[] };
  return workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? files
          .filter(
            (f) =>
              posix.dirname(posix.dirname(f)) === pattern.slice(0, -2) &&
              posix.basename(f) === 'package.json',
          )
          .map((f) => posix.dirname(f))
      : [pattern],
  );
}

describe('the repository', () => {
  it('has Markdown whose every relative link resolves inside it (files, folders and #headings)', () => {
    const markdown = new Map(files.filter((f) => f.endsWith('.md')).map((f) => [f, read(f)]));
    expect(markdown.size).toBeGreaterThan(10);
    const broken = findBrokenLinks(markdown, tracked).map(
      (b) => `${b.file}:${b.line} ${b.target}: ${b.problem}`,
    );
    expect(broken).toEqual([]);
  });

  it('names only pages and headings of docs/ that exist, wherever code, schemas or data cite them', () => {
    // Comments, test names, schema docs and ruleset citations cite docs/domain/*.md#section as plain text.
    const markdown = new Map(
      files.filter((f) => f.startsWith('docs/') && f.endsWith('.md')).map((f) => [f, read(f)]),
    );
    const citing = files.filter(
      (f) => /\.(ts|js|mjs|json|avsc|yaml)$/.test(f) && !f.startsWith('contracts/src/'),
    );
    const cited = citing.flatMap((f) =>
      [...read(f).matchAll(/\bdocs\/[\w/-]+\.md(?:#[\w-]+)?/g)].map((m) => ({ file: f, target: `/${m[0]}` })),
    );
    const asLinks = new Map([...markdown, ['citations.md', cited.map((c) => `[c](${c.target})`).join('\n')]]);
    const broken = findBrokenLinks(asLinks, tracked)
      .filter((b) => b.file === 'citations.md')
      .map((b) => `${cited[b.line - 1]!.file}: ${b.target}: ${b.problem}`);
    expect(broken).toEqual([]);
  });

  it('has a README.md in every workspace package, headed with the package name, saying how it is tested', () => {
    const packages = workspacePackages();
    expect(packages).toContain('services/decision-core');
    const missing = packages.flatMap((dir) => {
      if (!tracked.has(`${dir}/README.md`)) return [`${dir}: no README.md`];
      const { name } = JSON.parse(read(`${dir}/package.json`)) as { name: string };
      const title = read(`${dir}/README.md`).split('\n', 1)[0]!;
      const text = read(`${dir}/README.md`);
      return [
        ...(title.startsWith(`# ${name}`) ? [] : [`${dir}/README.md: the title does not name ${name}`]),
        ...(/^#{2,}\s.*\btest/im.test(text) ? [] : [`${dir}/README.md: no section on how it is tested`]),
      ];
    });
    expect(missing).toEqual([]);
  });

  it("reads process.env only in each service's config.ts (CONVENTIONS.md), with the tooling exceptions named", () => {
    // Tooling that is not a deployable service, and tests, each with the reason it reads the environment itself.
    const exceptions: ReadonlyArray<readonly [files: RegExp, reason: string]> = [
      [
        /^infra\//,
        'development tooling: starts the local broker and S3 server and passes the environment on to the processes it starts',
      ],
      [
        /^test\/support\//,
        'test tooling: finds or starts the real servers from KAFKA_BROKERS and S3_ENDPOINT, and hands them to the tests',
      ],
      [
        /^test\/e2e\//,
        'cross-service tests: DATABASE_URL selects PostgreSQL, CHROMIUM_PATH the browser, as the test run sets them',
      ],
      [
        /^test\/bench\//,
        'the benchmark: its tuning knobs and the servers it runs against come from the command line environment',
      ],
      [
        /^services\/[^/]+\/src\/.*\.(?:int|e2e)\.test\.ts$/,
        "a service's tests: what the test run provides (TEST_DATABASE_URL, the PATH of a command they run), not the service's settings",
      ],
      [
        /^services\/decision-core\/src\/cli\/explain\.ts$/,
        'the explain command line (no service, no config.ts): hands its environment to main for AREAS_DIR, as --areas-dir',
      ],
      [/^contracts\/src\/repository\.int\.test\.ts$/, 'this check, which names what it looks for'],
    ];
    const code = files.filter((f) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(f) && !f.includes('/generated/'));
    const reads = code.filter((f) =>
      /process\s*(?:\.\s*env\b|\[\s*['"`]env['"`]\s*\])|\{[^}]*\benv\b[^}]*\}\s*from\s*['"](?:node:)?process['"]/.test(
        read(f),
      ),
    );
    const offenders = reads.filter(
      (f) =>
        !/^services\/[^/]+\/src\/config\.ts$/.test(f) && !exceptions.some(([pattern]) => pattern.test(f)),
    );
    expect(offenders).toEqual([]);
    // Every exception is still needed: one that no longer matches a file reading the environment is taken off.
    expect(
      exceptions.filter(([pattern]) => !reads.some((f) => pattern.test(f))).map(([p]) => String(p)),
    ).toEqual([]);
  });

  it('keeps deployable services off the development tooling and off each other (package.json and imports)', () => {
    const services = workspacePackages().filter((dir) => dir.startsWith('services/'));
    const names = new Map(
      services.map(
        (dir) => [(JSON.parse(read(`${dir}/package.json`)) as { name: string }).name, dir] as const,
      ),
    );
    // Libraries services may share; every other services/* package is a deployable service.
    const libraries = new Set([
      '@sharehub/kit',
      '@sharehub/decision-core',
      '@sharehub/decision-events',
      '@sharehub/audit-log',
    ]);
    const forbidden = (own: string) =>
      [...names.keys()]
        .filter((n) => n !== own && !libraries.has(n))
        .concat(['@sharehub/infra', '@sharehub/test-support', '@sharehub/e2e']);
    const offences: string[] = [];
    for (const [name, dir] of names) {
      const pkg = JSON.parse(read(`${dir}/package.json`)) as { dependencies?: Record<string, string> };
      for (const dep of Object.keys(pkg.dependencies ?? {}))
        if (forbidden(name).includes(dep)) offences.push(`${dir}/package.json depends on ${dep}`);
      for (const file of files.filter((f) => f.startsWith(`${dir}/src/`) && f.endsWith('.ts'))) {
        for (const [, spec] of read(file).matchAll(/from\s+'(@sharehub\/[^/']+)/g))
          if (forbidden(name).includes(spec!)) offences.push(`${file} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('has no import cycles between modules, type-only imports included', () => {
    // Each module's imports as TypeScript's pre-processor reads them (`import type` too), resolved within the package.
    const modules = files.filter(
      (f) => /\/src\/.*\.ts$/.test(f) && !f.endsWith('.d.ts') && !f.includes('/generated/'),
    );
    const known = new Set(modules);
    const edges = new Map<string, string[]>();
    for (const file of modules) {
      const { importedFiles } = ts.preProcessFile(read(file), true, true);
      edges.set(
        file,
        importedFiles
          .map((i) => i.fileName)
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => posix.join(posix.dirname(file), spec).replace(/\.js$/, '.ts'))
          .filter((target) => known.has(target)),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]): void => {
      state.set(file, 'open');
      for (const next of edges.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...trail.slice(trail.indexOf(next)), next].join(' -> '));
        else if (!state.has(next)) visit(next, [...trail, next]);
      }
      state.set(file, 'done');
    };
    for (const file of modules) if (!state.has(file)) visit(file, [file]);
    expect(cycles).toEqual([]);
  });
});
