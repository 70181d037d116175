/**
 * Writes items in batches while each caller waits for its own item to be written (group commit).
 * Items added while a write is in flight go into the next one, so batches grow with load and an
 * item waits for at most the write in flight plus its own: nothing is acknowledged before it is
 * stored, and a thousand concurrent callers cost a handful of writes, not a thousand.
 *
 * `R`: what the write says of each item, in the items' order (the audit log: recorded or
 * duplicate); a write that has nothing to say returns nothing, and each caller gets `undefined`.
 */
export class GroupCommit<T, R = void> {
  private pending: Array<{ item: T; resolve: (result: R) => void; reject: (err: Error) => void }> = [];
  private writing = false;

  constructor(
    private readonly write: (items: T[]) => Promise<R[] | void>,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once `item`'s batch is written, with what the write said of it; rejects with that write's error. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // After this turn's I/O callbacks, so the requests handled in the same turn share a write.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(results?.[i] as R));
      } catch (err) {
        const failure = err instanceof Error ? err : new Error(String(err));
        for (const p of batch) p.reject(failure);
      }
    }
    this.writing = false;
  }
}
