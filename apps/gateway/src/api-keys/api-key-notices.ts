import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import {
  API_KEY_REVOCATION_TOPIC,
  ApiKeyRevocation,
  apiKeyRevocationKeys,
  USER_CHANGED_TOPIC,
  UserChanged,
} from '@portcullis/contracts';
import { REDIS } from '@portcullis/database';
import { RedisClient } from '@portcullis/common';
import { GATEWAY_API_KEY_SETTINGS, GatewayApiKeySettings } from './api-key-settings';
import { ApiKeyVerifier } from './api-key-verifier';

/**
 * Feeds the key cache: revocations and rolls from the token app's `api-key-revocations` broadcast
 * (every replica, within milliseconds, so a revoked key stops within 1 s everywhere), and owner
 * changes from `user-changed`. After each (re)subscription it reads the notices Redis keeps, so a
 * gateway that was cut off catches up before it trusts its cache again.
 */
@Injectable()
export class ApiKeyNotices implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyNotices.name);
  private readonly channel: BroadcastChannel;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(GATEWAY_API_KEY_SETTINGS) private readonly settings: GatewayApiKeySettings,
    private readonly verifier: ApiKeyVerifier,
  ) {
    this.channel = new BroadcastChannel(redis, settings.redisPrefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel.subscribe(
      API_KEY_REVOCATION_TOPIC,
      (m) => this.apply(m),
      () => this.reload(),
    );
    await this.channel.subscribe(USER_CHANGED_TOPIC, (m) => this.verifier.cache.forgetOwner((m as UserChanged).userId));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }

  private apply(message: unknown): void {
    const notice = message as Partial<ApiKeyRevocation>;
    if (notice?.kind !== 'api-key' || typeof notice.keyId !== 'string' || typeof notice.until !== 'number') return;
    this.verifier.cache.apply(notice as ApiKeyRevocation);
  }

  private async reload(): Promise<void> {
    let cursor = '0';
    let loaded = 0;
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        apiKeyRevocationKeys.pattern(this.settings.redisPrefix),
        'COUNT',
        1000,
      );
      cursor = next;
      if (keys.length === 0) continue;
      for (const value of await this.redis.mget(...keys)) {
        try {
          if (value) this.apply(JSON.parse(value));
          loaded++;
        } catch {
          this.logger.warn('Ignoring a malformed API-key notice');
        }
      }
    } while (cursor !== '0');
    if (loaded) this.logger.log(`Loaded ${loaded} API-key notices from Redis`);
  }
}
