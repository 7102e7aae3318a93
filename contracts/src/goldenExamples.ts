import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { EventMap, EventProblem, EventType } from '@sharehub/schemas';

/** Where the golden examples live (`contracts/examples`). */
export const EXAMPLES_DIR = fileURLToPath(new URL('../examples/', import.meta.url));

/** A valid golden example event. */
export interface ValidExample<T extends EventType = EventType> {
  readonly name: string;
  readonly type: T;
  readonly event: EventMap[T];
}

/** An invalid golden example, with the problems a validator must report. */
export interface InvalidExample {
  readonly name: string;
  readonly type: EventType;
  readonly event: unknown;
  readonly expected: ReadonlyArray<Pick<EventProblem, 'path' | 'code'>>;
}

/** Every valid golden example (examples/valid/*.json, typed by examples/valid/index.json). */
export function loadValidExamples(): ValidExample[] {
  const dir = join(EXAMPLES_DIR, 'valid');
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Record<string, EventType>;
  return Object.entries(index).map(([name, type]) => ({
    name,
    type,
    event: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as EventMap[EventType],
  }));
}

/** One valid golden example by name, e.g. `validExample('incident-trafford')`. */
export function validExample<T extends EventType>(name: string): ValidExample<T> {
  const found = loadValidExamples().find((e) => e.name === name);
  if (!found) throw new Error(`no golden example ${name}`);
  return found as ValidExample<T>;
}

/** Every invalid golden example (examples/invalid/*.json). */
export function loadInvalidExamples(): InvalidExample[] {
  const dir = join(EXAMPLES_DIR, 'invalid');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.json$/, ''),
      ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Omit<InvalidExample, 'name'>),
    }));
}
