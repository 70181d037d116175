import { RedisClient } from '@portcullis/common';

type StreamEntry = [id: string, fields: string[] | null];

export interface RetrySettings {
  group: string;
  consumerName: string;
  /** The first retry's delay; each further one doubles it. */
  baseMs: number;
  /** The longest delay; kept below claimIdleMs so the idle-claim backstop does not race the retry. */
  maxMs: number;
}

/**
 * A failed event is retried by the replica that holds it, after 1 s, 2 s, 4 s, … (capped), rather
 * than after `claimIdleMs` (30 s) when the idle claim would pick it up. The retry XCLAIMs the entry
 * to itself, which bumps its delivery count in Redis, so maxDeliveries and the dead-letter stream
 * work exactly as for claimed messages; while it waits, the message stays pending and ours.
 */
export class EventRetries {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly redis: RedisClient,
    private readonly settings: RetrySettings,
    private readonly redeliver: (stream: string, id: string, fields: string[], deliveries: number) => void,
  ) {}

  delayFor(deliveries: number): number {
    return Math.min(this.settings.maxMs, this.settings.baseMs * 2 ** Math.max(0, deliveries - 1));
  }

  schedule(stream: string, id: string, deliveries: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.retry(stream, id, deliveries).catch(() => undefined);
    }, this.delayFor(deliveries));
    timer.unref();
    this.timers.add(timer);
  }

  /** Pending retries are dropped: the messages stay pending, for another replica to claim. */
  stop(): void {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
  }

  private async retry(stream: string, id: string, deliveries: number): Promise<void> {
    const { group, consumerName } = this.settings;
    const claimed = (await this.redis.xclaim(stream, group, consumerName, 0, id)) as StreamEntry[];
    const fields = claimed[0]?.[1];
    // Gone meanwhile (trimmed, or taken over by a replica that thought us dead): nothing to do.
    if (fields) this.redeliver(stream, id, fields, deliveries + 1);
  }
}
