import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './cli/explain.js';
import { decideIncident } from './decide.js';
import { loadArea } from './loadArea.js';
import { MemoryHistory } from './MemoryHistory.js';
import { consent, incident } from './testing/fixtures.js';

const examples = fileURLToPath(new URL('../../../contracts/examples/valid/', import.meta.url));
/** Runs explain in-process (the built command is checked in cli/explain.int.test.ts). */
const explain = (file: string) => {
  let out = '';
  let err = '';
  const code = main(
    [file],
    (t) => (out += t),
    (t) => (err += t),
  );
  return { code, out, err };
};
const run = (file: string): unknown => {
  const { code, out, err } = explain(file);
  if (code !== 0) throw new Error(`explain exited ${code}: ${err}`);
  return JSON.parse(out) as unknown;
};
const write = (value: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'explain-')), 'events.json');
  writeFileSync(file, JSON.stringify(value));
  return file;
};

describe('explain (EVENTS.md)', () => {
  it('prints one object for one event, in the documented shape', () => {
    const out = run(join(examples, 'incident-trafford.json')) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual([
      'decision',
      'ruleset',
      'rulesFired',
      'rulesEvaluated',
      'directory',
      'notifications',
      'triage',
    ]);
    expect(out.decision).toBe('SHARED');
    expect(out.rulesFired).toEqual(['T1']);
    expect((out.notifications as unknown[])[0]).toEqual({
      service: 'CHILDRENS_SOCIAL_CARE',
      teamId: 'tr-csc-first-response',
      subjectPersonId: 'P-C-2001',
      shareKind: 'NOTIFICATION',
      dueBy: '2026-03-15T23:40:00Z',
      flags: [],
      isRepeatMarac: false,
    });
  });

  it('prints an array for an array: earlier events are history, duplicates and consents answered in place', () => {
    const first = incident({
      eventId: 'A',
      incidentRef: 'R1',
      occurredAt: '2026-01-01T10:00:00Z',
      recordedAt: '2026-01-01T11:00:00Z',
    });
    const second = incident({
      eventId: 'B',
      incidentRef: 'R2',
      occurredAt: '2026-02-01T10:00:00Z',
      recordedAt: '2026-02-01T11:00:00Z',
    });
    const third = incident({ eventId: 'C', incidentRef: 'R3' });
    const out = run(write([first, consent({ eventId: 'K' }), second, second, third])) as Array<{
      decision: string;
      rulesFired?: string[];
    }>;
    expect(out.map((o) => o.decision)).toEqual([
      'NOT_SHARED',
      'RECORDED',
      'NOT_SHARED',
      'DUPLICATE',
      'SHARED',
    ]);
    expect(out[4]!.rulesFired).toEqual(['T2']);
  });

  it('lists every rule evaluated, with why, for a NOT_SHARED decision', () => {
    const out = run(join(examples, 'incident-trafford-not-shared.json')) as {
      decision: string;
      rulesEvaluated: Array<{ fired: boolean; reason: string }>;
    };
    expect(out.decision).toBe('NOT_SHARED');
    expect(out.rulesEvaluated).toHaveLength(9);
    expect(out.rulesEvaluated.every((r) => !r.fired && r.reason)).toBe(true);
  });

  it('agrees with the decision function, and prints instants in UTC to the second', () => {
    const ex = JSON.parse(readFileSync(join(examples, 'incident-kent.json'), 'utf8')) as Parameters<
      typeof decideIncident
    >[1];
    const out = run(join(examples, 'incident-kent.json')) as {
      notifications: Array<{ dueBy: string; teamId: string }>;
    };
    const direct = decideIncident(loadArea('kent'), ex, new MemoryHistory());
    expect(out.notifications.map((n) => n.teamId)).toEqual(direct.shares.map((s) => s.teamId));
    for (const n of out.notifications) expect(n.dueBy).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('fails with exit code 2 and a message for a file that is not JSON', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'explain-')), 'bad.json');
    writeFileSync(file, '{ nope');
    const { code, out, err } = explain(file);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/is not JSON/);
  });
});
