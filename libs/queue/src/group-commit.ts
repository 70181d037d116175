/**
 * Writes items in batches while each caller waits for its own item to be written (group commit).
 * Items added while a write is in flight go into the next one, so batches grow with load and an
 * item waits for at most the write in flight plus its own: nothing is acknowledged before it is
 * stored, and a thousand concurrent callers cost a handful of writes, not a thousand.
 */
export class GroupCommit<T> {
  private pending: Array<{ item: T; settle: (err?: Error) => void }> = [];
  private writing = false;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once `item`'s batch is written; rejects with that write's error. */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, settle: (err) => (err === undefined ? resolve() : reject(err)) });
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
      let failure: Error | undefined;
      try {
        await this.write(batch.map((p) => p.item));
      } catch (err) {
        failure = err instanceof Error ? err : new Error(String(err));
      }
      for (const p of batch) p.settle(failure);
    }
    this.writing = false;
  }
}
