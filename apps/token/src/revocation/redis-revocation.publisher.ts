import { Inject, Injectable } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import { Revocation, REVOCATION_TOPIC, revocationKeys } from '@portcullis/contracts';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import Redis from 'ioredis';
import { Clock, epochSeconds } from '../common/clock';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { RevocationPublisher } from './revocation.publisher';

/**
 * Writes each revocation as a Redis key first (the durable truth a gateway reloads after starting or
 * reconnecting), then broadcasts it (how running gateways hear of it within milliseconds). Keys
 * expire when the last token they cover would have, so the denylist never grows without bound.
 */
/**
 * A revocation outlives the longest access token by this much, covering a token signed for the
 * session a moment after it was revoked (auth rotates, then signs, in two calls) and clock skew.
 */
const REVOCATION_MARGIN_SECONDS = 30;

@Injectable()
export class RedisRevocationPublisher extends RevocationPublisher {
  private readonly channel: BroadcastChannel;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_KEY_PREFIX) private readonly prefix: string,
    @Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings,
    private readonly clock: Clock,
  ) {
    super();
    this.channel = new BroadcastChannel(redis, prefix);
  }

  async revokeSessions(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const ttl = this.longestAccessLifetime();
    const until = epochSeconds(this.clock.now()) + ttl;
    await this.publish(sessionIds.map((sessionId) => ({ kind: 'session', sessionId, until })), ttl);
  }

  /** A caller-supplied expiry is capped: no access token outlives the configured lifetime. */
  async denyJti(jti: string, expiresAt?: number): Promise<void> {
    const now = epochSeconds(this.clock.now());
    const ttl = Math.ceil(Math.min(this.longestAccessLifetime(), (expiresAt ?? Number.POSITIVE_INFINITY) - now));
    if (!(ttl > 0)) return;
    await this.publish([{ kind: 'jti', jti, until: now + ttl }], ttl);
  }

  private longestAccessLifetime(): number {
    return this.settings.ACCESS_TOKEN_TTL_SECONDS + REVOCATION_MARGIN_SECONDS;
  }

  private async publish(revocations: Revocation[], ttlSeconds: number): Promise<void> {
    const pipeline = this.redis.pipeline();
    revocations.forEach((r) => pipeline.set(revocationKeys.of(this.prefix, r), JSON.stringify(r), 'EX', ttlSeconds));
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
    await Promise.all(revocations.map((r) => this.channel.publish(REVOCATION_TOPIC, r)));
  }
}
