import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { RedisClient } from '@portcullis/common';
import { CatalogNotices } from './catalog-notices';

/** Catalog-change notices to every replica over Redis pub/sub (`<prefix>:bus:broadcast:agent-catalog-changed`). */
export const AGENT_CATALOG_CHANGED_TOPIC = 'agent-catalog-changed';

@Injectable()
export class BroadcastCatalogNotices extends CatalogNotices implements OnApplicationShutdown {
  private readonly channel: BroadcastChannel;

  constructor(@Inject(REDIS) redis: RedisClient, @Inject(REDIS_KEY_PREFIX) prefix: string) {
    super();
    this.channel = new BroadcastChannel(redis, prefix);
  }

  async publish(): Promise<void> {
    await this.channel.publish(AGENT_CATALOG_CHANGED_TOPIC, { at: Date.now() });
  }

  async subscribe(onChange: () => void): Promise<void> {
    // The resync runs after each (re)subscription: whatever was published meanwhile is unknown, so drop the copy.
    await this.channel.subscribe(
      AGENT_CATALOG_CHANGED_TOPIC,
      () => onChange(),
      () => Promise.resolve(onChange()),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }
}
