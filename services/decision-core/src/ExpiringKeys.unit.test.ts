import { describe, expect, it } from 'vitest';
import { DAY_MS, ExpiringKeys } from './ExpiringKeys.js';

const day = (n: number) => n * DAY_MS + 3_600_000;

describe('ExpiringKeys', () => {
  it('holds each key until the horizon passes its day, and never holds one for a day already gone', () => {
    const keys = new ExpiringKeys();
    keys.add('a', day(10));
    keys.add('b', day(11));
    keys.add('c', day(12));
    expect(keys.expireBefore(day(11))).toBe(1);
    expect([keys.has('a'), keys.has('b'), keys.has('c')]).toEqual([false, true, true]);
    keys.add('old', day(5));
    expect(keys.has('old')).toBe(false);
    expect(keys.size).toBe(2);
  });

  it('keeps a key added again for a later day until that day goes', () => {
    const keys = new ExpiringKeys();
    keys.add('a', day(10));
    keys.add('a', day(20));
    keys.expireBefore(day(15));
    expect(keys.has('a')).toBe(true);
    keys.expireBefore(day(21));
    expect(keys.has('a')).toBe(false);
  });
});
