import { describe, expect, it } from 'vitest';
import { formatLondonTime } from './formatLondonTime.js';

describe('formatLondonTime', () => {
  it('shows instants in London time, GMT in winter and BST in summer, to the minute or the second', () => {
    expect(formatLondonTime('2026-03-20T23:59:59Z')).toBe('Fri, 20 Mar 2026, 23:59 GMT');
    expect(formatLondonTime('2026-07-01T22:30:00Z')).toBe('Wed, 1 Jul 2026, 23:30 BST');
    expect(formatLondonTime('2026-03-14T23:40:05Z', 'second')).toBe('Sat, 14 Mar 2026, 23:40:05 GMT');
  });

  it('shows a dash for no instant and anything unparseable as given', () => {
    expect(formatLondonTime(null)).toBe('—');
    expect(formatLondonTime('not a time')).toBe('not a time');
  });
});
