import { describe, expect, it } from 'vitest';
import { createCodec } from '@sharehub/schemas';
import { loadInvalidExamples, loadValidExamples } from '@sharehub/contracts';
import { avroEventCodec } from './avroEventCodec.js';
import type { PublishedEventType } from './ports.js';

const codec = avroEventCodec(createCodec());
const PUBLISHED = new Set(['IncidentRecorded', 'CarePlanIssued', 'MaracListed', 'ConsentRecorded']);
const valid = loadValidExamples().filter((e) => PUBLISHED.has(e.type));
const invalid = loadInvalidExamples().filter((e) => PUBLISHED.has(e.type));

/** Every body one change away from `body`: each value replaced by a wrong one, each field dropped, one added. */
function* mutations(body: unknown): Generator<unknown> {
  if (Array.isArray(body)) {
    const items = body as unknown[];
    for (let i = 0; i < items.length; i++)
      for (const changed of mutations(items[i])) yield items.map((x, j) => (j === i ? changed : x));
    yield [...items, 'extra'];
    return;
  }
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    yield { ...record, notAField: 1 };
    for (const key of Object.keys(record)) {
      const { [key]: _dropped, ...rest } = record;
      yield rest;
      yield { ...record, [key]: null };
      for (const changed of mutations(record[key])) yield { ...record, [key]: changed };
    }
    return;
  }
  for (const wrong of [
    '',
    'OTHER',
    'UNKNOWN',
    'a\u0000b',
    'x'.repeat(10_001),
    'not-a-uuid',
    'AB 12 CD',
    -1,
    1.5,
    true,
    {},
  ])
    if (wrong !== body) yield wrong;
}

describe('the fast validation check', () => {
  it('passes every valid golden example of a published event', () => {
    for (const e of valid) {
      expect(codec.isValid(e.type as PublishedEventType, e.event), e.name).toBe(true);
      expect(codec.validate(e.type as PublishedEventType, e.event), e.name).toEqual([]);
    }
  });

  it('fails every invalid golden example', () => {
    for (const e of invalid) expect(codec.isValid(e.type as PublishedEventType, e.event), e.name).toBe(false);
  });

  it('agrees with the detailed validation on every body one change away from a valid example', () => {
    let failing = 0;
    let checked = 0;
    for (const e of valid)
      for (const body of mutations(e.event)) {
        const type = e.type as PublishedEventType;
        const problems = codec.validate(type, body);
        expect(codec.isValid(type, body), `${e.name}: ${JSON.stringify(problems)}`).toBe(
          problems.length === 0,
        );
        checked++;
        if (problems.length > 0) failing++;
      }
    // Both kinds were met: the check is not trivially true or false.
    expect(failing).toBeGreaterThan(100);
    expect(checked - failing).toBeGreaterThan(10);
  });
});
