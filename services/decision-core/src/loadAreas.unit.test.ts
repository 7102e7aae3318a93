import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideIncident } from './decide.js';
import { loadArea } from './loadArea.js';
import { loadAreas } from './loadAreas.js';
import { MemoryHistory } from './MemoryHistory.js';
import { incident } from './testing/fixtures.js';
import { testshireAreasDir } from './testing/testshireAreasDir.js';
import type { RulesetError } from './validateArea.js';

const areasDir = testshireAreasDir;
const edit = (file: string, change: (json: Record<string, unknown>) => void) => {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
};
const failure = (run: () => unknown): RulesetError => {
  try {
    run();
  } catch (err) {
    return err as RulesetError;
  }
  throw new Error('did not throw');
};

describe('loadAreas: the areas of a deployment, checked at start-up', () => {
  it("loads the project's own areas when no directory is given", () => {
    const areaOf = loadAreas();
    expect(areaOf.areas).toEqual(['kent', 'trafford']);
    expect(areaOf('trafford').rulesetRef).toEqual(loadArea('trafford').rulesetRef);
  });

  it('loads an area from files alone, and refuses an area it does not hold', () => {
    const areaOf = loadAreas(areasDir());
    expect(areaOf.areas).toEqual(['testshire']);
    const decision = decideIncident(
      areaOf('testshire'),
      incident({ area: 'testshire', dashRisk: 'HIGH' }),
      new MemoryHistory(),
    );
    expect(decision.shares.map((s) => s.teamId)).toEqual(['ts-csc']);
    expect(() => areaOf('trafford')).toThrow(expect.objectContaining({ code: 'UNKNOWN_AREA' }) as Error);
  });

  it('refuses a broken ruleset before any event, naming the file and the field', () => {
    const dir = areasDir();
    const file = join(dir, 'rulesets', 'testshire.json');
    edit(file, (r) => {
      (r.rules as Array<Record<string, unknown>>)[1]!.predicate = 'moonIsFull';
      delete (r.routes as Record<string, unknown>).gp;
    });
    const err = failure(() => loadAreas(dir));
    expect(err.code).toBe('RULESET_INVALID');
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.problems).toEqual(
      expect.arrayContaining(['rule X2: names unknown predicate moonIsFull', 'routes.gp must be an object']),
    );
  });

  it('refuses a broken directory naming the file and the field, and a file that is not JSON', () => {
    const dir = areasDir();
    const file = join(dir, 'directory', 'testshire.json');
    edit(file, (d) => {
      (d.teams as Array<Record<string, unknown>>)[1]!.service = 'ASTROLOGY';
    });
    const err = failure(() => loadAreas(dir));
    expect(err.code).toBe('DIRECTORY_INVALID');
    expect(err.message).toContain(`${file}: `);
    expect(err.problems).toEqual(['team ts-asc has unknown service ASTROLOGY']);
    writeFileSync(file, '{ "area": ');
    expect(failure(() => loadAreas(dir))).toMatchObject({ code: 'DIRECTORY_INVALID', file });
  });

  it('refuses a ruleset whose area is not its file name', () => {
    const dir = areasDir();
    edit(join(dir, 'rulesets', 'testshire.json'), (r) => {
      r.area = 'elsewhere';
    });
    expect(failure(() => loadAreas(dir)).message).toMatch(
      /testshire\.json: area is 'elsewhere', not 'testshire'/,
    );
  });

  it('refuses a ruleset without its directory (and the other way round), and a directory without areas', () => {
    const dir = areasDir();
    rmSync(join(dir, 'directory', 'testshire.json'));
    expect(() => loadAreas(dir)).toThrow(/rulesets\/testshire\.json has no .*directory\/testshire\.json/);
    const other = areasDir();
    rmSync(join(other, 'rulesets', 'testshire.json'));
    expect(() => loadAreas(other)).toThrow(/directory\/testshire\.json has no .*rulesets\/testshire\.json/);
    rmSync(join(other, 'directory', 'testshire.json'));
    expect(() => loadAreas(other)).toThrow(expect.objectContaining({ code: 'UNKNOWN_AREA' }) as Error);
    expect(() => loadAreas(join(other, 'nowhere'))).toThrow(/no folder/);
  });
});
