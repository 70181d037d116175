import { BatchResult, OutboxRow, OutboxStore, PublishOutcome } from '../../src/outbox/outbox.store';

/** The PostgreSQL store's contract in memory: claimed rows are skipped by others; a throw rolls back. */
export class InMemoryOutboxStore extends OutboxStore {
  readonly rows: Array<OutboxRow & { attempts: number }> = [];
  /** Batches attempted so far: a relay that has made one is running and will next pause. */
  batches = 0;
  private readonly locked = new Set<string>();
  private nextSeq = 1;

  add(eventType: string, payload: unknown, request: Pick<OutboxRow, 'requestId' | 'traceparent'> = {}): string {
    const seq = String(this.nextSeq++);
    this.rows.push({ seq, eventType, payload, ...request, attempts: 0 });
    return seq;
  }

  async withClaimedBatch(limit: number, publish: (rows: OutboxRow[]) => Promise<PublishOutcome>): Promise<BatchResult> {
    this.batches++;
    const claimed = this.rows.filter((r) => !this.locked.has(r.seq)).slice(0, limit);
    claimed.forEach((r) => this.locked.add(r.seq));
    try {
      if (claimed.length === 0) return { claimed: 0, sent: 0 };
      const outcome = await publish(claimed.map(({ attempts: _attempts, ...row }) => row));
      for (const seq of outcome.sent)
        this.rows.splice(
          this.rows.findIndex((r) => r.seq === seq),
          1,
        );
      for (const { seq } of outcome.failed) this.rows.find((r) => r.seq === seq)!.attempts++;
      return { claimed: claimed.length, sent: outcome.sent.length };
    } finally {
      claimed.forEach((r) => this.locked.delete(r.seq));
    }
  }
}
