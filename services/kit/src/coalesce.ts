/**
 * Turns one-at-a-time calls into batches: calls made while a batch is running wait and go together as the next
 * batch, so a slow resource (an embedded database, a broker round trip) is asked once per batch rather than once per
 * caller. `run` answers one result per item, in order; if it throws, every caller of that batch gets the error.
 *
 * @example
 *   const find = coalesce((ids: string[]) => db.rowsFor(ids));
 *   const row = await find('e-1');
 */
export function coalesce<T, R>(run: (items: T[]) => Promise<R[]>, maxBatch = 500): (item: T) => Promise<R> {
  const queued: Array<{ item: T; resolve: (r: R) => void; reject: (err: unknown) => void }> = [];
  let running = false;
  const drain = async () => {
    if (running) return;
    running = true;
    try {
      while (queued.length > 0) {
        const batch = queued.splice(0, maxBatch);
        try {
          const results = await run(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(results[i]!));
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      running = false;
    }
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queued.push({ item, resolve, reject });
      void drain();
    });
}
