import { Logger } from '@nestjs/common';
import { RedisClient } from '@portcullis/common';

/**
 * Fan-out to every replica (not one per group): Redis pub/sub on `<prefix>:bus:broadcast:<topic>`.
 * For fast, idempotent notices such as revocations, where each receiver also keeps the durable
 * truth in Redis and reloads it after a reconnect — so a missed message costs latency, not safety.
 */
export class BroadcastChannel {
  private readonly logger = new Logger('BroadcastChannel');
  private subscriber?: RedisClient;
  private readonly handlers = new Map<string, Array<(message: unknown) => void>>();

  constructor(
    private readonly publisher: RedisClient,
    private readonly prefix: string,
  ) {}

  channelOf(topic: string): string {
    return `${this.prefix}:bus:broadcast:${topic}`;
  }

  async publish(topic: string, message: unknown): Promise<void> {
    await this.publisher.publish(this.channelOf(topic), JSON.stringify(message));
  }

  /**
   * Calls `handler` for every message on `topic`; `onResync` runs after each (re)subscription,
   * which is when anything published while disconnected must be reloaded from durable state.
   */
  async subscribe(topic: string, handler: (message: unknown) => void, onResync?: () => Promise<void>): Promise<void> {
    const channel = this.channelOf(topic);
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
    if (!this.subscriber) {
      this.subscriber = this.publisher.duplicate();
      this.subscriber.on('message', (ch: string, body: string) => this.dispatch(ch, body));
      this.subscriber.on('error', (err: Error) => this.logger.warn(`broadcast subscriber: ${err.message}`));
    }
    await this.subscriber.subscribe(channel);
    if (onResync) {
      this.subscriber.on(
        'ready',
        () => void onResync().catch((err) => this.logger.error(`resync failed: ${String(err)}`)),
      );
      await onResync();
    }
  }

  async close(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
    this.subscriber = undefined;
  }

  private dispatch(channel: string, body: string): void {
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch {
      return;
    }
    this.handlers.get(channel)?.forEach((handler) => handler(message));
  }
}
