import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { inSpan, runWithRequestContext, SpanKind, tracingEnabled } from '@portcullis/common';
import { OUTBOX_PUBLISHER, OUTBOX_SETTINGS, OutboxPublisher, OutboxSettings } from './outbox.options';
import { OutboxRow, OutboxStore, PublishOutcome } from './outbox.store';
import { OutboxWriter } from './outbox-writer';

/**
 * Moves committed outbox rows to the bus: right after a local commit (kick), and every
 * `pollIntervalMs` for rows other replicas or a crashed process left behind. Delivery is at least
 * once — a crash after publishing but before the delete publishes again — so consumers dedupe by
 * the event id (the audit log does, by job id and a unique column).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private loop?: Promise<void>;
  private stopping = false;
  private kicked = false;
  private wake?: () => void;
  private failures = 0;

  constructor(
    private readonly store: OutboxStore,
    @Inject(OUTBOX_PUBLISHER) private readonly publisher: OutboxPublisher,
    @Inject(OUTBOX_SETTINGS) private readonly settings: OutboxSettings,
    writer: OutboxWriter,
  ) {
    writer.onCommitted(() => this.kick());
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  /** Before the bus client and the database close (both in onApplicationShutdown). */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  start(): void {
    this.stopping = false;
    this.loop ??= this.run();
  }

  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Finishes the batch in hand, then sends what the last requests wrote rather than leaving it for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    await this.drain().catch((err: Error) => this.logger.warn(`Outbox rows left for the next start: ${err.message}`));
  }

  /** Publishes until the outbox is empty; throws if some row could not be sent (it stays for later). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const { claimed, sent } = await this.store.withClaimedBatch(this.settings.batchSize, (rows) =>
        this.publishAll(rows),
      );
      total += sent;
      if (sent < claimed) throw new Error(`${claimed - sent} of ${claimed} outbox events could not be published`);
      if (claimed < this.settings.batchSize) return total;
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.drain();
        this.failures = 0;
      } catch (err) {
        // Logged on the first failure and then sparingly: while Redis is down this repeats.
        if (this.failures++ % 20 === 0) this.logger.error(`Outbox relay: ${(err as Error).message}; retrying`);
      }
      await this.pause();
    }
  }

  /** Published in one go on one connection, so a batch keeps its order on the stream. */
  private async publishAll(rows: OutboxRow[]): Promise<PublishOutcome> {
    const results = await Promise.allSettled(rows.map((row) => this.publishInItsRequest(row)));
    const outcome: PublishOutcome = { sent: [], failed: [] };
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') outcome.sent.push(rows[i].seq);
      else outcome.failed.push({ seq: rows[i].seq, error: String((result.reason as Error)?.message ?? result.reason) });
    });
    return outcome;
  }

  /** Inside the context of the request that wrote the row: its trace continues and its id is logged. */
  private publishInItsRequest(row: OutboxRow): Promise<string> {
    const publish = () => this.publisher.publish({ type: row.eventType }, row.payload);
    return runWithRequestContext({ requestId: row.requestId, traceparent: row.traceparent }, () =>
      tracingEnabled()
        ? inSpan(
            `outbox relay ${row.eventType}`,
            {
              kind: SpanKind.PRODUCER,
              parent: row.traceparent ?? null,
              attributes: { 'messaging.destination.name': row.eventType },
            },
            publish,
          )
        : publish(),
    );
  }

  private pause(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.kicked && this.failures === 0) {
      this.kicked = false;
      return Promise.resolve();
    }
    const backoff = Math.min(this.settings.pollIntervalMs * 2 ** this.failures, this.settings.maxBackoffMs);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.kicked = false;
        resolve();
      };
      const timer = setTimeout(done, backoff);
      // While failing, a kick must not defeat the backoff; a stop always ends the pause.
      this.wake = () => (this.stopping || this.failures === 0) && done();
    });
  }
}
