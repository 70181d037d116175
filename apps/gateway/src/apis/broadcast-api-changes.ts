import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import { RedisClient } from '@portcullis/common';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { randomUUID } from 'crypto';
import { ApiChange, ApiChanges } from './api-changes';

/** Only gateways publish and read it, so it is named here rather than in contracts. */
export const APIS_CHANGED_TOPIC = 'apis-changed';

interface ApiChangeNotice extends ApiChange {
  /** The replica that announced it, which has applied it already and ignores its own echo. */
  from: string;
}

/**
 * ApiChanges over the bus's broadcast (Redis pub/sub: every replica, within milliseconds), the way
 * the other gateway caches hear of changes. A notice missed (Redis down, a reconnect) costs that
 * replica latency, not safety: its cached definition expires within the TTL; a changed origin gets a
 * new pool at its next request anyway; the pool's idle connections close on their own; and a breaker
 * left behind goes half-open after its reset time like any other. Only the objects themselves (and a
 * deleted API's gauge label) linger there until the process restarts.
 */
@Injectable()
export class BroadcastApiChanges extends ApiChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BroadcastApiChanges.name);
  private readonly channel: BroadcastChannel;
  private readonly replica = randomUUID();

  constructor(@Inject(REDIS) redis: RedisClient, @Inject(REDIS_KEY_PREFIX) prefix: string) {
    super();
    this.channel = new BroadcastChannel(redis, prefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel.subscribe(APIS_CHANGED_TOPIC, (message) => this.receive(message));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }

  async announce(change: ApiChange): Promise<void> {
    this.deliver(change);
    const notice: ApiChangeNotice = {
      apiId: change.apiId,
      upstreamChanged: change.upstreamChanged,
      from: this.replica,
    };
    await this.channel
      .publish(APIS_CHANGED_TOPIC, notice)
      .catch((err: Error) =>
        this.logger.warn(`Could not tell the other replicas that API ${change.apiId} changed: ${err.message}`),
      );
  }

  private receive(message: unknown): void {
    const notice = message as Partial<ApiChangeNotice>;
    if (typeof notice?.apiId !== 'string' || typeof notice.upstreamChanged !== 'boolean') return;
    if (notice.from === this.replica) return;
    this.deliver({ apiId: notice.apiId, upstreamChanged: notice.upstreamChanged });
  }
}
