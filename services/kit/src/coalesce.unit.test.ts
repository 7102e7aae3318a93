import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.js';

describe('coalesce', () => {
  it('runs the first call alone and the calls made meanwhile as one batch, answering each its own result', async () => {
    const batches: number[][] = [];
    const double = coalesce(async (xs: number[]) => {
      batches.push(xs);
      await new Promise((r) => setTimeout(r, 5));
      return xs.map((x) => x * 2);
    });
    const results = await Promise.all([1, 2, 3, 4].map((x) => double(x)));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('fails every caller of a failed batch, and carries on with the next', async () => {
    let calls = 0;
    const flaky = coalesce(async (xs: string[]) => {
      if (++calls === 1) throw new Error('down');
      return xs.map((x) => x.toUpperCase());
    });
    await expect(flaky('a')).rejects.toThrow('down');
    await expect(flaky('b')).resolves.toBe('B');
  });

  it('splits batches at the maximum size', async () => {
    const sizes: number[] = [];
    const id = coalesce(async (xs: number[]) => {
      sizes.push(xs.length);
      return xs;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((x) => id(x)));
    expect(sizes).toEqual([1, 2, 2]);
  });
});
