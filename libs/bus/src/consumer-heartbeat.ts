import { RedisClient } from '@portcullis/common';
import { streamKeys } from './stream-keys';

export interface HeartbeatSettings {
  prefix: string;
  group: string;
  intervalMs: number;
  ttlMs: number;
}

/**
 * Proof of life for one consumer: a key refreshed every `intervalMs` that expires after `ttlMs`.
 * Message idle time cannot tell a dead replica from a slow one (both leave messages un-acked), but
 * a slow replica's event loop still beats; so a consumer whose key has gone is dead, and the others
 * may take its messages over at once instead of waiting for the long idle backstop.
 */
export class ConsumerHeartbeat {
  private timer?: NodeJS.Timeout;
  private failing = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly settings: HeartbeatSettings,
    private readonly consumer: string,
    private readonly onError: (err: Error) => void,
  ) {
    if (settings.ttlMs <= settings.intervalMs) {
      throw new Error(`Bus heartbeat TTL (${settings.ttlMs} ms) must exceed its interval (${settings.intervalMs} ms)`);
    }
  }

  /** Beats once before returning, so the key exists before this consumer reads anything. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch((err: Error) => this.failed(err)), this.settings.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Declares this consumer gone, so what it still holds is taken over without waiting for the TTL. */
  async remove(): Promise<void> {
    this.stop();
    await this.redis.del(this.key(this.consumer));
  }

  /** The names among `consumers` whose heartbeat has expired. */
  async deadAmong(consumers: string[]): Promise<string[]> {
    if (consumers.length === 0) return [];
    const pipeline = this.redis.pipeline();
    consumers.forEach((name) => pipeline.exists(this.key(name)));
    const results = (await pipeline.exec()) ?? [];
    return consumers.filter((_, i) => {
      const [err, exists] = results[i] ?? [];
      return !err && Number(exists) === 0;
    });
  }

  private async beat(): Promise<void> {
    await this.redis.set(this.key(this.consumer), '1', 'PX', this.settings.ttlMs);
    this.failing = false;
  }

  /** Reported once per outage, not every interval: the connection logs its own errors too. */
  private failed(err: Error): void {
    if (!this.failing) this.onError(err);
    this.failing = true;
  }

  private key(consumer: string): string {
    return streamKeys.alive(this.settings.prefix, this.settings.group, consumer);
  }
}
