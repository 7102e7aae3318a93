#!/usr/bin/env node
// `npm run -s explain -- FILE`: what the hub decides for one event (or a time-ordered array), as JSON on stdout.
// No servers, no clock: deadlines come from the events' own instants (EVENTS.md, "The explain command's output").
import { readFileSync } from 'node:fs';
import { detectEventType, explainEvents, type ExplainableEvent } from '../explainEvents.js';
import { createAreaRegistry } from '../loadArea.js';

function fail(message: string): never {
  process.stderr.write(
    `explain: ${message}\nusage: npm run -s explain -- FILE   (one event as JSON, or an array of events in time order)\n`,
  );
  process.exit(2);
}

const file = process.argv[2];
if (!file) fail('no file given');
let parsed: unknown;
try {
  parsed = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  fail(`cannot read ${file} as JSON: ${(err as Error).message}`);
}
const items = Array.isArray(parsed) ? parsed : [parsed];
const events = items.map((item, i): ExplainableEvent => {
  if (
    typeof item !== 'object' ||
    item === null ||
    typeof (item as { eventId?: unknown }).eventId !== 'string'
  )
    fail(`element ${i} is not an event with an eventId`);
  const json = item as Record<string, unknown>;
  const { type: _t, ...event } = json;
  return { type: detectEventType(json), event } as ExplainableEvent;
});
try {
  const out = explainEvents(events, createAreaRegistry());
  process.stdout.write(`${JSON.stringify(Array.isArray(parsed) ? out : out[0], null, 2)}\n`);
} catch (err) {
  fail((err as Error).message);
}
