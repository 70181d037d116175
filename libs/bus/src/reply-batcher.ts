import { RedisClient } from '@portcullis/common';

/**
 * Collects replies and acks finished in the same tick and sends them as one pipeline with a single
 * XACK per stream: measured on this hardware, that is the cheapest way to answer a batch.
 */
export class ReplyBatcher {
  private replies: Array<[channel: string, body: string]> = [];
  private acks = new Map<string, string[]>();
  private scheduled: Promise<void> | null = null;

  constructor(
    private readonly redis: RedisClient,
    /** The consumer group; one per service, the same name on every stream it reads. */
    private readonly group: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  reply(channel: string, body: string): void {
    this.replies.push([channel, body]);
    this.schedule();
  }

  ack(stream: string, id: string): void {
    const ids = this.acks.get(stream);
    if (ids) ids.push(id);
    else this.acks.set(stream, [id]);
    this.schedule();
  }

  /** Sends whatever is queued now; resolves when Redis has it. */
  async flush(): Promise<void> {
    if (this.scheduled) await this.scheduled;
  }

  private schedule(): void {
    this.scheduled ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.send());
  }

  private async send(): Promise<void> {
    const replies = this.replies;
    const acks = this.acks;
    this.replies = [];
    this.acks = new Map();
    this.scheduled = null;
    const pipeline = this.redis.pipeline();
    for (const [channel, body] of replies) pipeline.publish(channel, body);
    for (const [stream, ids] of acks) pipeline.xack(stream, this.group, ...ids);
    try {
      const results = await pipeline.exec();
      results?.forEach(([err]) => err && this.onError(err));
    } catch (err) {
      this.onError(err);
    }
  }
}
