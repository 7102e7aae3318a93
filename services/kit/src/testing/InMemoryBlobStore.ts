import type { BlobStore, PutOptions, Retention } from '../ports/BlobStore.js';

interface Version {
  readonly versionId: string;
  readonly body: Uint8Array | undefined; // undefined: a delete marker
  readonly retention: Retention | undefined;
  readonly options: PutOptions;
}

/** The BlobStore fake: a versioned bucket in memory, held to `blobStoreContract` like the S3 adapter. */
export class InMemoryBlobStore implements BlobStore {
  private readonly objects = new Map<string, Version[]>();
  private nextVersion = 1;
  /** Test hook: how many times `put` was called (idempotence tests count writes). */
  puts = 0;

  async put(key: string, body: Uint8Array, options: PutOptions = {}): Promise<{ versionId?: string }> {
    this.puts += 1;
    const versionId = `v${this.nextVersion++}`;
    const retention: Retention | undefined = options.retainUntil
      ? { mode: 'COMPLIANCE', retainUntil: new Date(options.retainUntil) }
      : undefined;
    const versions = this.objects.get(key) ?? [];
    versions.push({ versionId, body: new Uint8Array(body), retention, options: { ...options } });
    this.objects.set(key, versions);
    return Promise.resolve({ versionId });
  }

  async get(key: string, options: { versionId?: string } = {}): Promise<Uint8Array | undefined> {
    const version = this.find(key, options.versionId);
    return Promise.resolve(version?.body ? new Uint8Array(version.body) : undefined);
  }

  async list(prefix: string): Promise<string[]> {
    const keys = [...this.objects.entries()]
      .filter(([key, versions]) => key.startsWith(prefix) && versions.at(-1)?.body !== undefined)
      .map(([key]) => key);
    return Promise.resolve(keys.sort());
  }

  async delete(key: string): Promise<void> {
    const versions = this.objects.get(key);
    if (versions)
      versions.push({
        versionId: `v${this.nextVersion++}`,
        body: undefined,
        retention: undefined,
        options: {},
      });
    return Promise.resolve();
  }

  async retention(key: string, options: { versionId?: string } = {}): Promise<Retention | undefined> {
    return Promise.resolve(this.find(key, options.versionId)?.retention);
  }

  /** Test hook: the options the current version of an object was stored with. */
  optionsOf(key: string): PutOptions | undefined {
    return this.objects.get(key)?.at(-1)?.options;
  }

  /** Test hook: every current key, sorted. */
  keys(): string[] {
    return [...this.objects.entries()]
      .filter(([, versions]) => versions.at(-1)?.body !== undefined)
      .map(([key]) => key)
      .sort();
  }

  /** Test hook: remove an object and every version of it outright, as an attacker with bucket access could. */
  remove(key: string): void {
    this.objects.delete(key);
  }

  /** Test hook: overwrite the current bytes of an object in place, as an attacker with disk access could. */
  tamper(key: string, mutate: (bytes: Uint8Array) => Uint8Array): void {
    const versions = this.objects.get(key);
    const current = versions?.at(-1);
    if (!versions || !current?.body) throw new Error(`no object ${key}`);
    versions[versions.length - 1] = { ...current, body: mutate(new Uint8Array(current.body)) };
  }

  private find(key: string, versionId: string | undefined): Version | undefined {
    const versions = this.objects.get(key);
    if (!versions) return undefined;
    return versionId ? versions.find((v) => v.versionId === versionId) : versions.at(-1);
  }
}
