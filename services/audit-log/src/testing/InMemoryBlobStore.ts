import type { BlobPutOptions, BlobStore } from '../ports.js';

/** The BlobStore fake: objects in a map, with hooks to tamper with them as an attacker with bucket access could. */
export class InMemoryBlobStore implements BlobStore {
  private readonly objects = new Map<string, { body: Uint8Array; options: BlobPutOptions }>();
  /** How many times `put` was called (idempotence tests count writes). */
  puts = 0;

  async put(key: string, body: Uint8Array, options: BlobPutOptions = {}): Promise<{ versionId?: string }> {
    this.puts += 1;
    this.objects.set(key, { body: new Uint8Array(body), options: { ...options } });
    return Promise.resolve({});
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const object = this.objects.get(key);
    return Promise.resolve(object ? new Uint8Array(object.body) : undefined);
  }

  async list(prefix: string): Promise<string[]> {
    return Promise.resolve([...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort());
  }

  /** Test hook: the options an object was stored with. */
  optionsOf(key: string): BlobPutOptions | undefined {
    return this.objects.get(key)?.options;
  }

  /** Test hook: every key, sorted. */
  keys(): string[] {
    return [...this.objects.keys()].sort();
  }

  /** Test hook: remove an object outright. */
  remove(key: string): void {
    this.objects.delete(key);
  }

  /** Test hook: replace an object's bytes in place. */
  tamper(key: string, mutate: (bytes: Uint8Array) => Uint8Array): void {
    const object = this.objects.get(key);
    if (!object) throw new Error(`no object ${key}`);
    object.body = mutate(new Uint8Array(object.body));
  }
}
