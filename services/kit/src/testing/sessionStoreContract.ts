import { describe, expect, it } from 'vitest';
import type { PageSessionState, SessionStore } from '../ports/SessionStore.js';
import { fixedClock } from './fixedClock.js';

/** The behaviour every SessionStore must have, on a clock the suite moves (`makeStore` builds the store on it). */
export function sessionStoreContract(
  name: string,
  makeStore: (clock: ReturnType<typeof fixedClock>) => Promise<SessionStore>,
): void {
  describe(`SessionStore contract: ${name}`, () => {
    const signedIn: PageSessionState = { kind: 'signed-in', accessToken: 'a.b.c', idToken: 'd.e.f' };
    const signingIn: PageSessionState = {
      kind: 'signing-in',
      codeVerifier: 'v',
      state: 's',
      nonce: 'n',
      next: '/inbox',
    };

    it('reads back what it stored under an id, and nothing under an unknown one', async () => {
      const store = await makeStore(fixedClock('2026-12-01T09:00:00Z'));
      await store.set('one', signedIn, 60_000);
      await store.set('two', signingIn, 60_000);
      expect(await store.get('one')).toEqual(signedIn);
      expect(await store.get('two')).toEqual(signingIn);
      expect(await store.get('three')).toBeUndefined();
    });

    it('forgets an entry once its time to live has passed, not before', async () => {
      const clock = fixedClock('2026-12-01T09:00:00Z');
      const store = await makeStore(clock);
      await store.set('one', signedIn, 60_000);
      clock.advance(59_000);
      expect(await store.get('one')).toEqual(signedIn);
      clock.advance(2_000);
      expect(await store.get('one')).toBeUndefined();
    });

    it('replaces an entry set again, with the new time to live', async () => {
      const clock = fixedClock('2026-12-01T09:00:00Z');
      const store = await makeStore(clock);
      await store.set('one', signingIn, 1_000);
      await store.set('one', signedIn, 60_000);
      clock.advance(30_000);
      expect(await store.get('one')).toEqual(signedIn);
    });

    it('reads nothing after delete, and deleting an unknown id is no error', async () => {
      const store = await makeStore(fixedClock('2026-12-01T09:00:00Z'));
      await store.set('one', signedIn, 60_000);
      await store.delete('one');
      expect(await store.get('one')).toBeUndefined();
      await expect(store.delete('never-was')).resolves.toBeUndefined();
    });
  });
}
