import { describe, expect, it } from 'vitest';
import { londonDay } from './londonDay.js';
import { londonWeek } from './londonWeek.js';

describe('londonDay and londonWeek', () => {
  it('count an instant under its London date, in GMT and in BST', () => {
    expect(londonDay('2026-03-02T23:30:00.000Z')).toBe('2026-03-02');
    // 23:30 UTC on Sunday 31 May is 00:30 BST on Monday 1 June.
    expect(londonDay('2026-05-31T23:30:00.000Z')).toBe('2026-06-01');
  });

  it('put an instant in the week that starts on its London Monday', () => {
    expect(londonWeek('2026-03-02T00:00:00.000Z')).toBe('2026-03-02');
    expect(londonWeek('2026-03-08T23:59:59.000Z')).toBe('2026-03-02');
    expect(londonWeek('2026-05-31T22:59:59.000Z')).toBe('2026-05-25');
    expect(londonWeek('2026-05-31T23:00:00.000Z')).toBe('2026-06-01');
  });
});
