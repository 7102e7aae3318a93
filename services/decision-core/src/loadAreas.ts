import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { AreaContext } from './areaContext.js';
import { DIRECTORY_DIR, loadArea, RULESET_DIR, UnknownAreaError, type AreaSources } from './loadArea.js';

/** Every area of a deployment, loaded and checked at start-up: `areaOf(area)` answers them and refuses any other. */
export interface AreaRegistry {
  (area: string): AreaContext;
  /** The areas loaded, in name order. */
  readonly areas: readonly string[];
  /** Where they were read from (`rulesets/` and `directory/` of AREAS_DIR, or the project's own folders). */
  readonly sources: Required<Pick<AreaSources, 'rulesets' | 'directories'>>;
}

const jsonNames = (folder: string): string[] => {
  try {
    return readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .map((f) => basename(f, '.json'))
      .sort();
  } catch (err) {
    throw new UnknownAreaError(`no folder ${folder}`, { cause: err });
  }
};

/**
 * Loads every area of an areas directory (AREAS_DIR: `rulesets/AREA.json` and `directory/AREA.json`, one pair per
 * area; unset: the project's own, `services/decision-core/rulesets/` and `infra/directory/`), checking each ruleset
 * and directory now, so that a broken file stops the start naming the file and the field. Throws `RulesetError`
 * (RULESET_INVALID, DIRECTORY_INVALID) or `UnknownAreaError` (UNKNOWN_AREA: a folder missing, a ruleset without
 * its directory or the other way round, no area at all).
 */
export function loadAreas(areasDir?: string): AreaRegistry {
  const sources = areasDir
    ? { rulesets: join(resolve(areasDir), 'rulesets'), directories: join(resolve(areasDir), 'directory') }
    : { rulesets: RULESET_DIR, directories: DIRECTORY_DIR };
  const rulesets = jsonNames(sources.rulesets);
  const directories = jsonNames(sources.directories);
  const unpaired = [
    ...rulesets
      .filter((a) => !directories.includes(a))
      .map((a) => `${join(sources.rulesets, `${a}.json`)} has no ${join(sources.directories, `${a}.json`)}`),
    ...directories
      .filter((a) => !rulesets.includes(a))
      .map((a) => `${join(sources.directories, `${a}.json`)} has no ${join(sources.rulesets, `${a}.json`)}`),
  ];
  if (unpaired.length > 0) throw new UnknownAreaError(`each area needs both files: ${unpaired.join('; ')}`);
  if (rulesets.length === 0) throw new UnknownAreaError(`no areas in ${sources.rulesets}`);
  const byArea = new Map(rulesets.map((area) => [area, loadArea(area, sources)]));
  const areaOf = (area: string): AreaContext => {
    const ctx = byArea.get(area);
    if (!ctx) throw new UnknownAreaError(`no area '${area}' (areas: ${rulesets.join(', ')})`);
    return ctx;
  };
  return Object.assign(areaOf, { areas: rulesets, sources });
}
