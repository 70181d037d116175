import { Inject, Injectable } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import { API_KEY_REVOCATION_TOPIC, ApiKeyRevocation, apiKeyRevocationKeys } from '@portcullis/contracts';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { Clock, epochSeconds, RedisClient } from '@portcullis/common';
import { API_KEY_SETTINGS, ApiKeySettings } from './api-key-settings';
import { ApiKeyRevocations } from './api-key-revocations';

/**
 * As the access-token revocations do: a Redis key first (what a gateway reloads after it
 * reconnects), then a broadcast (how running gateways hear within milliseconds).
 */
@Injectable()
export class RedisApiKeyRevocations extends ApiKeyRevocations {
  private readonly channel: BroadcastChannel;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(REDIS_KEY_PREFIX) private readonly prefix: string,
    @Inject(API_KEY_SETTINGS) private readonly settings: ApiKeySettings,
    private readonly clock: Clock,
  ) {
    super();
    this.channel = new BroadcastChannel(redis, prefix);
  }

  revoked(keyId: string): Promise<void> {
    return this.publish({ kind: 'api-key', keyId, until: this.until() });
  }

  rolled(keyId: string, at: Date): Promise<void> {
    return this.publish({ kind: 'api-key', keyId, until: this.until(), rolledAt: epochSeconds(at) });
  }

  private until(): number {
    return epochSeconds(this.clock.now()) + this.settings.revocationNoticeSeconds;
  }

  private async publish(notice: ApiKeyRevocation): Promise<void> {
    await this.redis.set(
      apiKeyRevocationKeys.of(this.prefix, notice),
      JSON.stringify(notice),
      'EX',
      this.settings.revocationNoticeSeconds,
    );
    await this.channel.publish(API_KEY_REVOCATION_TOPIC, notice);
  }
}
