import { expect, it } from 'vitest';
import { fixedClock } from '../testing/fixedClock.js';
import { sessionStoreContract } from '../testing/sessionStoreContract.js';
import { InMemorySessionStore } from './InMemorySessionStore.js';

sessionStoreContract('InMemorySessionStore', async (clock) =>
  Promise.resolve(new InMemorySessionStore({ clock })),
);

it('InMemorySessionStore holds at most max sessions, dropping the least recently used', async () => {
  const store = new InMemorySessionStore({ max: 2, clock: fixedClock('2026-12-01T09:00:00Z') });
  const state = { kind: 'signed-in', accessToken: 't' } as const;
  await store.set('a', state, 60_000);
  await store.set('b', state, 60_000);
  await store.get('a');
  await store.set('c', state, 60_000);
  expect(await store.get('b')).toBeUndefined();
  expect(await store.get('a')).toEqual(state);
  expect(await store.get('c')).toEqual(state);
});
