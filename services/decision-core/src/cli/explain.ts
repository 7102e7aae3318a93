#!/usr/bin/env node
// `npm run -s explain -- FILE`: what the hub decides for one event (or a time-ordered array), as JSON on stdout.
// No servers, no clock: deadlines come from the events' own instants (docs/domain/events.md#the-explain-command).
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { explainEvents, toExplainableEvents } from '../explainEvents.js';
import { createAreaRegistry } from '../loadArea.js';

const USAGE = 'usage: npm run -s explain -- FILE   (one event as JSON, or an array of events in time order)';

/** Runs explain on argv; returns the exit code and writes only JSON to `out`, and messages to `err`. */
export function main(
  argv: readonly string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
): number {
  const fail = (message: string) => {
    err(`explain: ${message}\n${USAGE}\n`);
    return 2;
  };
  const file = argv[0];
  if (!file || file === '--help' || file === '-h') return fail('no file given');
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
    const explained = explainEvents(toExplainableEvents(items as object[]), createAreaRegistry());
    out(`${JSON.stringify(Array.isArray(parsed) ? explained : explained[0], null, 2)}\n`);
    return 0;
  } catch (e) {
    return fail(`cannot explain ${file}: ${(e as Error).message}`);
  }
}

const invoked = process.argv[1];
if (invoked && realpathSync(invoked) === realpathSync(fileURLToPath(import.meta.url))) {
  process.exitCode = main(process.argv.slice(2));
}
