/**
 * Gathers the commits of the batches a consumer handles at once into one flush. kafkajs hands every partition's
 * batch of one fetch to concurrent `eachBatch` calls and fetches again only when all have finished, so the moment
 * every call still running is waiting here is the moment nothing more can join: the batcher then flushes all that is
 * waiting together (one transaction per lane, ADR 0081). Submissions made while a flush runs wait for the next one.
 */
export class TransactionBatcher<T> {
  private active = 0;
  private pending: Array<{ item: T; resolve: () => void; reject: (err: unknown) => void }> = [];
  private flushing = false;

  constructor(private readonly flush: (items: readonly T[]) => Promise<ReadonlyArray<unknown>>) {}

  /** A handler started: the batcher waits for it to submit or leave before flushing. */
  enter(): void {
    this.active++;
  }

  /** A handler finished (whether or not it submitted anything). */
  leave(): void {
    this.active--;
    this.maybeFlush();
  }

  /**
   * Waits until `item` is flushed; rejects with the flush's error for it (the `flush` answers one result per item:
   * an error for those whose commit failed, anything else for success).
   */
  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.maybeFlush();
    });
  }

  private maybeFlush(): void {
    if (this.flushing || this.pending.length === 0 || this.pending.length < this.active) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = true;
    this.flush(batch.map((p) => p.item))
      .then(
        (results) =>
          batch.forEach((p, i) => (results[i] instanceof Error ? p.reject(results[i]) : p.resolve())),
        (err: unknown) => batch.forEach((p) => p.reject(err)),
      )
      .finally(() => {
        this.flushing = false;
        this.maybeFlush();
      });
  }
}
