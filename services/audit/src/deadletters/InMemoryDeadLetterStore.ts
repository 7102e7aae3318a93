import {
  visibleIn,
  type DeadLetterEntry,
  type DeadLetterFilter,
  type DeadLetterStore,
} from './DeadLetterStore.js';

/** The DeadLetterStore fake: a map, held to `deadLetterStoreContract` like the SQL store. */
export class InMemoryDeadLetterStore implements DeadLetterStore {
  private readonly entries = new Map<string, DeadLetterEntry>();

  async add(entries: readonly DeadLetterEntry[]): Promise<void> {
    for (const e of entries) if (!this.entries.has(e.deadLetterId)) this.entries.set(e.deadLetterId, e);
    return Promise.resolve();
  }

  async list(filter: DeadLetterFilter): Promise<DeadLetterEntry[]> {
    return Promise.resolve(
      [...this.entries.values()]
        .filter(
          (e) =>
            visibleIn(filter.areas, e) &&
            (filter.reasonCode === undefined || e.reasonCode === filter.reasonCode) &&
            (filter.topic === undefined || e.topic === filter.topic) &&
            (filter.includeRedriven === true || e.redriven === null),
        )
        .sort((a, b) => b.failedAt.localeCompare(a.failedAt) || a.deadLetterId.localeCompare(b.deadLetterId))
        .slice(0, filter.limit),
    );
  }

  async get(deadLetterId: string): Promise<DeadLetterEntry | undefined> {
    return Promise.resolve(this.entries.get(deadLetterId));
  }

  async claim(ids: readonly string[], claim: { at: string; by: string }): Promise<DeadLetterEntry[]> {
    const claimed: DeadLetterEntry[] = [];
    for (const id of new Set(ids)) {
      const e = this.entries.get(id);
      if (!e || e.redriven) continue;
      const marked = { ...e, redriven: { at: claim.at, by: claim.by } };
      this.entries.set(id, marked);
      claimed.push(marked);
    }
    return Promise.resolve(claimed);
  }

  async release(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const e = this.entries.get(id);
      if (e) this.entries.set(id, { ...e, redriven: null });
    }
    return Promise.resolve();
  }
}
