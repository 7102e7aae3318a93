import { describe, expect, it } from 'vitest';
import { chunkByBytes } from './chunkByBytes.js';

const msg = (id: number, bytes: number) => ({ id, value: new Uint8Array(bytes) });
const ids = (chunks: Array<Array<{ id: number }>>) => chunks.map((c) => c.map((m) => m.id));

describe('chunkByBytes', () => {
  it('keeps the order and fills each chunk up to the limit, never over it', () => {
    const chunks = chunkByBytes([msg(1, 40), msg(2, 40), msg(3, 20), msg(4, 1), msg(5, 99)], 100);
    expect(ids(chunks)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    for (const c of chunks) expect(c.reduce((n, m) => n + m.value.byteLength, 0)).toBeLessThanOrEqual(100);
  });

  it('sends a message larger than the limit on its own rather than dropping it', () => {
    expect(ids(chunkByBytes([msg(1, 10), msg(2, 500), msg(3, 10)], 100))).toEqual([[1], [2], [3]]);
  });

  it('gives no chunks for no messages', () => {
    expect(chunkByBytes([], 100)).toEqual([]);
  });
});
