#!/usr/bin/env node
// Encode and decode throughput of the single-object codec for IncidentRecorded (a golden example, 2 children).
// Prints values per second; a figure to report, not a test.
import { readFileSync } from 'node:fs';
import { createCodec } from '../dist/index.js';

const codec = createCodec();
const value = JSON.parse(
  readFileSync(new URL('../../contracts/examples/valid/incident-trafford.json', import.meta.url), 'utf8'),
);
const seconds = Number(process.argv[2] ?? 2);

function measure(label, fn) {
  for (let i = 0; i < 20_000; i++) fn(); // warm up
  let n = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) for (let i = 0; i < 1000; i++, n++) fn();
  const perSecond = Math.round(n / seconds);
  console.log(
    JSON.stringify({ bench: `codec.${label}`, event: 'IncidentRecorded', valuesPerSecond: perSecond }),
  );
  return perSecond;
}
const bytes = codec.encode('IncidentRecorded', value);
const enc = measure('encode', () => codec.encode('IncidentRecorded', value));
const dec = measure('decode', () => codec.decode(bytes));
const val = measure('validate', () => codec.validate('IncidentRecorded', value));
console.log(
  `IncidentRecorded (${bytes.length} bytes): encode ${enc.toLocaleString('en-GB')}/s, decode ${dec.toLocaleString('en-GB')}/s, validate ${val.toLocaleString('en-GB')}/s`,
);
