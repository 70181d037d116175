/** One unsent event as the relay sees it. `seq` is a bigint, kept as text. */
export interface OutboxRow {
  seq: string;
  eventType: string;
  payload: unknown;
  /** The request that wrote it, so the event is published inside its trace. */
  traceparent?: string;
  requestId?: string;
}

export interface PublishOutcome {
  sent: string[];
  failed: Array<{ seq: string; error: string }>;
}

export interface BatchResult {
  claimed: number;
  sent: number;
}

/**
 * Where outbox rows wait. The one operation is atomic: rows are claimed (rows another relay holds
 * are skipped, not waited for), handed to `publish`, and the sent ones removed in the same
 * transaction — so a crash anywhere before the commit leaves them to be published again.
 */
export abstract class OutboxStore {
  abstract withClaimedBatch(
    limit: number,
    publish: (rows: OutboxRow[]) => Promise<PublishOutcome>,
  ): Promise<BatchResult>;
}
