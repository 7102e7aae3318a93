import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createAreaContext, type AreaContext } from './areaContext.js';
import { DecisionCoreError } from './DecisionCoreError.js';
import type { AreaDirectory, Ruleset } from './model.js';
import { RulesetError, validateDirectory, validateRuleset } from './validateArea.js';

/** The project's own copy of the area directories (infra/directory/AREA.json). */
export const DIRECTORY_DIR = fileURLToPath(new URL('../../../infra/directory/', import.meta.url));
/** Where the reviewed rulesets live (services/decision-core/rulesets/AREA.json). */
export const RULESET_DIR = fileURLToPath(new URL('../rulesets/', import.meta.url));

/** Thrown when an area has no ruleset or directory (code UNKNOWN_AREA). */
export class UnknownAreaError extends DecisionCoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNKNOWN_AREA', message, options);
  }
}

/** Where to read an area's data from: folders holding AREA.json, or the files themselves (tests, a new area). */
export interface AreaSources {
  readonly rulesets?: string;
  readonly directories?: string;
  readonly rulesetFile?: string;
  readonly directoryFile?: string;
}

/** Freezes a value read from data all the way down (decisions memoise per ruleset and directory object). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const checkName = (area: string) => {
  if (!/^[a-z][a-z0-9-]*$/.test(area)) throw new UnknownAreaError(`no area '${area}'`);
};

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UnknownAreaError(`no ${what} at ${file}`, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const code = what.startsWith('directory') ? 'DIRECTORY_INVALID' : 'RULESET_INVALID';
    throw new RulesetError(`${what} is not JSON: ${(err as Error).message}`, code, { file, cause: err });
  }
}

/** Runs a check on data read from `file`, so that its error names the file as well as the field. */
function checked<T>(file: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    throw err instanceof RulesetError ? err.inFile(file) : err;
  }
}

/** Reads and checks an area's ruleset (rulesets/AREA.json unless told otherwise). */
export function loadRuleset(area: string, sources: AreaSources = {}): Ruleset {
  checkName(area);
  const file = sources.rulesetFile ?? join(sources.rulesets ?? RULESET_DIR, `${area}.json`);
  const json = readJson(file, `ruleset for area '${area}'`);
  const ruleset = deepFreeze(checked(file, () => validateRuleset(json)));
  if (ruleset.area !== area)
    throw new RulesetError(`area is '${ruleset.area}', not '${area}'`, 'RULESET_INVALID', { file });
  return ruleset;
}

/** Reads and checks an area's directory (the project's copy in infra/directory/AREA.json unless told otherwise). */
export function loadAreaDirectory(area: string, sources: AreaSources = {}): AreaDirectory {
  checkName(area);
  const file = sources.directoryFile ?? join(sources.directories ?? DIRECTORY_DIR, `${area}.json`);
  const json = readJson(file, `directory for area '${area}'`);
  const directory = deepFreeze(checked(file, () => validateDirectory(json)));
  if (directory.area !== area)
    throw new RulesetError(`area is '${directory.area}', not '${area}'`, 'DIRECTORY_INVALID', { file });
  return directory;
}

/** Loads an area's ruleset and directory from files and indexes them with the calendar and payload policy. */
export function loadArea(area: string, sources: AreaSources = {}): AreaContext {
  return createAreaContext(loadRuleset(area, sources), loadAreaDirectory(area, sources));
}

/** Loads each area once and keeps it (the services and explain share one per process). */
export function createAreaRegistry(sources: AreaSources = {}): (area: string) => AreaContext {
  const cache = new Map<string, AreaContext>();
  return (area) => {
    let ctx = cache.get(area);
    if (!ctx) {
      ctx = loadArea(area, sources);
      cache.set(area, ctx);
    }
    return ctx;
  };
}
