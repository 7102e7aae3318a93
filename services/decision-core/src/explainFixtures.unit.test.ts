import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './cli/explain.js';
import { detectEventType } from './detectEventType.js';
import { incident } from './testing/fixtures.js';
import { testshireAreasDir } from './testing/testshireAreasDir.js';

const fixtures = fileURLToPath(new URL('../test-fixtures/explain/', import.meta.url));
const inputs = readdirSync(fixtures).filter((f) => f.endsWith('.json'));
const run = (file: string, options: { args?: string[]; env?: Record<string, string> } = {}) => {
  let out = '';
  let err = '';
  const code = main(
    [file, ...(options.args ?? [])],
    (t) => (out += t),
    (t) => (err += t),
    options.env,
  );
  return { code, out, err };
};
const write = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'explain-')), 'input.json');
  writeFileSync(file, text);
  return file;
};

describe('explain prints what EVENTS.md describes, for the fixture files', () => {
  it.each(inputs)('%s', async (name) => {
    const { code, out, err } = run(join(fixtures, name));
    expect(err).toBe('');
    expect(code).toBe(0);
    // The expected output is reviewed by hand; `vitest -u` rewrites it after a deliberate change.
    await expect(out).toMatchFileSnapshot(join(fixtures, name.replace(/\.json$/, '.expected.txt')));
  });

  it('answers an array with one element per input: DUPLICATE, RECORDED, and shares already sent left out', () => {
    const out = JSON.parse(run(join(fixtures, 'trafford-history.json')).out) as Array<
      Record<string, unknown>
    >;
    expect(out.map((e) => e.decision)).toEqual([
      'NOT_SHARED',
      'NOT_SHARED',
      'DUPLICATE',
      'RECORDED',
      'SHARED',
      'SHARED',
      'SHARED',
      'SHARED',
    ]);
    // The police care plan for the incident the hub already shared: its criteria recorded by police, nothing sent again.
    expect(out[5]).toMatchObject({
      rulesFired: ['T1', 'T2'],
      rulesEvaluated: [
        { ruleId: 'T1', fired: true, reason: 'recorded by police' },
        { ruleId: 'T2', fired: true, reason: 'recorded by police' },
      ],
      notifications: [],
      triage: [],
    });
    expect((out[7]!.notifications as Array<{ isRepeatMarac: boolean }>).every((n) => n.isRepeatMarac)).toBe(
      true,
    );
  });

  it('prints instants in UTC to the second, and isRepeatMarac on every notification', () => {
    for (const name of inputs) {
      const text = run(join(fixtures, name)).out;
      for (const [, instant] of text.matchAll(/"dueBy": "([^"]+)"/g))
        expect(instant).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(text.match(/"dueBy"/g)?.length).toBe(text.match(/"isRepeatMarac"/g)?.length);
    }
  });
});

describe('explain refuses what it cannot read: a message on stderr, exit code 2, nothing on stdout', () => {
  it.each<[string, string | null, RegExp]>([
    ['no file given', null, /no file given/],
    ['an unreadable file', '/nonexistent/events.json', /cannot read/],
    ['a file that is not JSON', write('{"eventId": '), /is not JSON/],
    ['an element that is not an event', write('[{"eventId": "a", "area": "trafford"}, 42]'), /element 1/],
    ['an area with no ruleset', write(JSON.stringify({ eventId: 'x', area: 'atlantis' })), /atlantis/],
    [
      'an event with an unreadable instant',
      write(JSON.stringify({ eventId: 'x', area: 'trafford', occurredAt: 'yesterday' })),
      /cannot explain/,
    ],
  ])('%s', (_name, file, message) => {
    const { code, out, err } = run(file ?? '');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
  });
});

describe('explain reads the areas of --areas-dir or AREAS_DIR, each checked before any event', () => {
  const testshireIncident = () => write(JSON.stringify(incident({ area: 'testshire', dashRisk: 'HIGH' })));

  it.each<[string, (dir: string) => { args?: string[]; env?: Record<string, string> }]>([
    ['--areas-dir DIR', (dir) => ({ args: ['--areas-dir', dir] })],
    ['--areas-dir=DIR', (dir) => ({ args: [`--areas-dir=${dir}`] })],
    ['AREAS_DIR', (dir) => ({ env: { AREAS_DIR: dir } })],
    [
      '--areas-dir over AREAS_DIR',
      (dir) => ({ args: ['--areas-dir', dir], env: { AREAS_DIR: '/nonexistent' } }),
    ],
  ])('decides an area that exists only as files, given by %s', (_name, given) => {
    const { code, out, err } = run(testshireIncident(), given(testshireAreasDir()));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      decision: 'SHARED',
      rulesFired: ['X1'],
      notifications: [{ service: 'CHILDRENS_SOCIAL_CARE', teamId: 'ts-csc', shareKind: 'REFERRAL' }],
    });
  });

  it("knows only the project's own areas by default", () => {
    expect(run(testshireIncident()).err).toMatch(/no area 'testshire'/);
  });

  it('refuses a broken ruleset before any event, naming the file and the field', () => {
    const dir = testshireAreasDir();
    const file = join(dir, 'rulesets', 'testshire.json');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('"historyWindowMonths": 6', '"historyWindowMonths": 0'),
    );
    const { code, out, err } = run(join(fixtures, 'kent-referral.json'), { args: ['--areas-dir', dir] });
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`cannot load the areas: ${file}: `);
    expect(err).toContain('historyWindowMonths must be a positive integer');
  });

  it('refuses --areas-dir without a directory', () => {
    expect(run(join(fixtures, 'kent-referral.json'), { args: ['--areas-dir'] })).toMatchObject({
      code: 2,
      out: '',
      err: expect.stringMatching(/--areas-dir needs a directory/) as string,
    });
  });
});

describe('explain tells the event type by its fields, or by an explicit type', () => {
  it.each<[object, string]>([
    [{ carePlanRef: 'CP', incident: {} }, 'CarePlanIssued'],
    [{ maracCaseRef: 'M' }, 'MaracListed'],
    [{ subjectPersonId: 'V', status: 'GIVEN' }, 'ConsentRecorded'],
    [{ incidentRef: 'R' }, 'IncidentRecorded'],
    [{ type: 'MaracListed', incidentRef: 'R' }, 'MaracListed'],
    [{ type: 'Unknown', incidentRef: 'R' }, 'IncidentRecorded'],
  ])('%j is a %s', (json, type) => {
    expect(detectEventType(json)).toBe(type);
  });
});
