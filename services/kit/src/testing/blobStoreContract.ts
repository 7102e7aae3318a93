import { describe, expect, it } from 'vitest';
import type { BlobStore } from '../ports/BlobStore.js';

/** The behaviour every BlobStore must have; run against the fake and against the real S3 server. */
export function blobStoreContract(name: string, makeStore: () => Promise<BlobStore>): void {
  describe(`BlobStore contract: ${name}`, () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

    it('reads back what it stored, and nothing for an unknown key', async () => {
      const store = await makeStore();
      await store.put('a/one', bytes('first'));
      expect(text(await store.get('a/one'))).toBe('first');
      expect(await store.get('a/missing')).toBeUndefined();
    });

    it('lists current keys under a prefix in order', async () => {
      const store = await makeStore();
      await store.put('p/2', bytes('2'));
      await store.put('p/1', bytes('1'));
      await store.put('q/1', bytes('x'));
      expect(await store.list('p/')).toEqual(['p/1', 'p/2']);
    });

    it('keeps a retention and every version readable after a plain delete', async () => {
      const store = await makeStore();
      const retainUntil = new Date(Date.now() + 24 * 3600 * 1000);
      retainUntil.setUTCMilliseconds(0);
      const { versionId } = await store.put('locked/seg', bytes('sealed'), { retainUntil });
      expect(versionId).toBeTruthy();
      const retention = await store.retention('locked/seg', { versionId: versionId! });
      expect(retention?.mode).toBe('COMPLIANCE');
      expect(retention?.retainUntil.toISOString()).toBe(retainUntil.toISOString());
      await store.delete('locked/seg');
      expect(await store.get('locked/seg')).toBeUndefined();
      expect(text(await store.get('locked/seg', { versionId: versionId! }))).toBe('sealed');
    });

    it('keeps the earlier version when a key is written again', async () => {
      const store = await makeStore();
      const first = await store.put('v/k', bytes('one'));
      await store.put('v/k', bytes('two'));
      expect(text(await store.get('v/k'))).toBe('two');
      expect(text(await store.get('v/k', { versionId: first.versionId! }))).toBe('one');
    });
  });
}
