import { describe, expect, it } from 'vitest';
import { TransactionBatcher } from './TransactionBatcher.js';

describe('TransactionBatcher', () => {
  it('flushes once every running handler is waiting, all of them together', async () => {
    const flushes: string[][] = [];
    const batcher = new TransactionBatcher<string>(async (items) => {
      flushes.push([...items]);
      return Promise.resolve(items.map(() => undefined));
    });
    batcher.enter();
    batcher.enter();
    batcher.enter();
    const a = batcher.submit('a');
    const b = batcher.submit('b');
    await Promise.resolve();
    expect(flushes).toEqual([]); // the third handler may still submit
    const c = batcher.submit('c');
    await Promise.all([a, b, c]);
    expect(flushes).toEqual([['a', 'b', 'c']]);
  });

  it('flushes what waits when a handler leaves without submitting', async () => {
    const flushes: string[][] = [];
    const batcher = new TransactionBatcher<string>(async (items) => {
      flushes.push([...items]);
      return Promise.resolve(items.map(() => undefined));
    });
    batcher.enter();
    batcher.enter();
    const a = batcher.submit('a');
    batcher.leave(); // the other handler's batch was empty
    await a;
    expect(flushes).toEqual([['a']]);
  });

  it('rejects only the items the flush answered with an error, and flushes what came during a flush next', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const flushes: string[][] = [];
    const batcher = new TransactionBatcher<string>(async (items) => {
      flushes.push([...items]);
      if (flushes.length === 1) await held;
      return items.map((i) => (i === 'bad' ? new Error('lane failed') : undefined));
    });
    batcher.enter();
    batcher.enter();
    const good = batcher.submit('good');
    const bad = batcher.submit('bad');
    batcher.enter();
    const later = batcher.submit('later'); // arrives while the first flush runs
    release();
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow('lane failed');
    batcher.leave(); // the handlers of the first flush finish
    batcher.leave();
    await later;
    expect(flushes).toEqual([['good', 'bad'], ['later']]);
  });
});
