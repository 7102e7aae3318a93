import { describe, expect, it } from 'vitest';
import { createCodec } from '@sharehub/schemas';
import { generateMix } from './generateMix.js';

describe('generateMix', () => {
  it('makes events the gateway accepts (every string of its format, eventIds UUIDs), the same for a seed', () => {
    const codec = createCodec();
    const mix = generateMix(400, 7, 'benchmkt1abc');
    for (const e of mix) expect(codec.validate(e.type, e.event), e.type).toEqual([]);
    expect(new Set(mix.map((e) => e.event.eventId)).size).toBe(mix.length);
    expect(generateMix(400, 7, 'benchmkt1abc')).toEqual(mix);
  });
});
