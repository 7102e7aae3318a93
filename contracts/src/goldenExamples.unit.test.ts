import { describe, expect, it } from 'vitest';
import { createCodec } from '@sharehub/schemas';
import { loadInvalidExamples, loadValidExamples } from './goldenExamples.js';

const codec = createCodec();

describe('golden examples', () => {
  const valid = loadValidExamples();
  it('cover every event type', () => {
    expect(new Set(valid.map((e) => e.type)).size).toBeGreaterThanOrEqual(11 - 1); // all but DeadLetter (binary body)
  });

  it.each(valid.map((e) => [e.name, e] as const))(
    '%s is valid and round-trips JSON → Avro → JSON unchanged',
    (_name, example) => {
      expect(codec.validate(example.type, example.event)).toEqual([]);
      const bytes = codec.encode(example.type, example.event);
      expect([...bytes.slice(0, 2)]).toEqual([0xc3, 0x01]);
      const decoded = codec.decode(bytes);
      expect(decoded.type).toBe(example.type);
      expect(JSON.parse(JSON.stringify(decoded.value))).toEqual(example.event);
    },
  );

  it.each(loadInvalidExamples().map((e) => [e.name, e] as const))(
    '%s is rejected with every expected field path',
    (_name, example) => {
      const problems = codec.validate(example.type, example.event);
      const got = problems
        .map((p) => ({ path: p.path, code: p.code }))
        .sort((a, b) => a.path.localeCompare(b.path));
      const want = [...example.expected].sort((a, b) => a.path.localeCompare(b.path));
      expect(got).toEqual(want);
    },
  );
});
