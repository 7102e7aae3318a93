#!/usr/bin/env node
// `npm run -s explain -- [--areas-dir DIR] FILE`: what the hub decides for one event (or a time-ordered array), as
// JSON on stdout, with the areas of DIR (or AREAS_DIR; unset: the project's own), each checked before any event.
// No servers, no clock: deadlines come from the events' own instants (EVENTS.md, "The explain command's output").
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { explainEvents, toExplainableEvents } from '../explainEvents.js';
import { loadAreas } from '../loadAreas.js';

const USAGE =
  'usage: npm run -s explain -- [--areas-dir DIR] FILE   (one event as JSON, or an array of events in time order;\n' +
  "       DIR, or AREAS_DIR, holds rulesets/AREA.json and directory/AREA.json; unset: the project's own areas)";

/** Splits `--areas-dir DIR` (or `--areas-dir=DIR`) from the other arguments. */
function areasDirOf(argv: readonly string[]): { areasDir?: string; rest: string[]; missing: boolean } {
  const rest: string[] = [];
  let areasDir: string | undefined;
  let missing = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--areas-dir') {
      areasDir = argv[++i];
      missing ||= !areasDir;
    } else if (arg.startsWith('--areas-dir=')) {
      areasDir = arg.slice('--areas-dir='.length);
      missing ||= !areasDir;
    } else rest.push(arg);
  }
  return { ...(areasDir ? { areasDir } : {}), rest, missing };
}

/**
 * Runs explain on argv; returns the exit code and writes only JSON to `out`, and messages to `err`. `env` is where
 * AREAS_DIR is read (the process's environment when run as a command); `--areas-dir` wins over it.
 */
export function main(
  argv: readonly string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
  env: Readonly<Record<string, string | undefined>> = {},
): number {
  const fail = (message: string) => {
    err(`explain: ${message}\n${USAGE}\n`);
    return 2;
  };
  const args = areasDirOf(argv);
  if (args.missing) return fail('--areas-dir needs a directory');
  const file = args.rest[0];
  if (!file || file === '--help' || file === '-h') return fail('no file given');
  let areaOf: ReturnType<typeof loadAreas>;
  try {
    areaOf = loadAreas(args.areasDir ?? (env.AREAS_DIR || undefined));
  } catch (e) {
    return fail(`cannot load the areas: ${(e as Error).message}`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return fail(`cannot read ${file}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail(`${file} is not JSON: ${(e as Error).message}`);
  }
  const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  const bad = items.findIndex(
    (item) =>
      typeof item !== 'object' ||
      item === null ||
      Array.isArray(item) ||
      typeof (item as { eventId?: unknown }).eventId !== 'string' ||
      typeof (item as { area?: unknown }).area !== 'string',
  );
  if (bad >= 0) return fail(`element ${bad} is not an event (an object with an eventId and an area)`);
  try {
    const explained = explainEvents(toExplainableEvents(items as object[]), areaOf);
    out(`${JSON.stringify(Array.isArray(parsed) ? explained : explained[0], null, 2)}\n`);
    return 0;
  } catch (e) {
    return fail(`cannot explain ${file}: ${(e as Error).message}`);
  }
}

const invoked = process.argv[1];
if (invoked && realpathSync(invoked) === realpathSync(fileURLToPath(import.meta.url))) {
  process.exitCode = main(process.argv.slice(2), undefined, undefined, process.env);
}
