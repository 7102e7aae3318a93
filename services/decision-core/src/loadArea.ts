import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createAreaContext, type AreaContext, type PayloadPolicy } from './areaContext.js';
import type { BankHolidayChanges } from './bankHolidays.js';
import type { AreaDirectory, Ruleset } from './model.js';

/** The decision-core package folder (rulesets/, src/reference/). */
const PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url));
/** The project's own copy of the area directories. */
export const DIRECTORY_DIR = fileURLToPath(new URL('../../../infra/directory/', import.meta.url));
/** Where the reviewed rulesets live. */
export const RULESET_DIR = join(PACKAGE_DIR, 'rulesets');

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Thrown when an area has no ruleset or directory. */
export class UnknownAreaError extends Error {
  readonly code = 'UNKNOWN_AREA';
}

/** Loads an area's ruleset, directory, calendar changes and payload policy from files, and indexes them. */
export function loadArea(area: string, dirs: { rulesets?: string; directories?: string } = {}): AreaContext {
  if (!/^[a-z][a-z0-9-]*$/.test(area)) throw new UnknownAreaError(`no area '${area}'`);
  let ruleset: Ruleset;
  let raw: Omit<AreaDirectory, 'version'> & { version?: string };
  try {
    ruleset = readJson<Ruleset>(join(dirs.rulesets ?? RULESET_DIR, `${area}.json`));
    raw = readJson(join(dirs.directories ?? DIRECTORY_DIR, `${area}.json`));
  } catch (err) {
    throw new UnknownAreaError(`no ruleset or directory for area '${area}'`, { cause: err });
  }
  // The reference directories carry no version; their content hash identifies them.
  const directory: AreaDirectory = { ...raw, version: raw.version ?? 'unversioned' };
  const changes = readJson<BankHolidayChanges>(join(PACKAGE_DIR, 'src', 'reference', 'bankHolidayChanges.json'));
  const policy = readJson<PayloadPolicy & { $comment?: string }>(
    join(PACKAGE_DIR, 'src', 'reference', 'payloadPolicy.json'),
  );
  const { $comment: _c, ...payloadPolicy } = policy;
  return createAreaContext(ruleset, directory, changes, payloadPolicy);
}

/** Loads each area once and keeps it (the services and explain share one per process). */
export function createAreaRegistry(
  dirs: { rulesets?: string; directories?: string } = {},
): (area: string) => AreaContext {
  const cache = new Map<string, AreaContext>();
  return (area) => {
    let ctx = cache.get(area);
    if (!ctx) {
      ctx = loadArea(area, dirs);
      cache.set(area, ctx);
    }
    return ctx;
  };
}
