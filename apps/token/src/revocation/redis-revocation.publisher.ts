import { Inject, Injectable } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import { Revocation, REVOCATION_TOPIC, revocationKeys } from '@portcullis/contracts';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { Clock, epochSeconds, RedisClient } from '@portcullis/common';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { RevocationPublisher } from './revocation.publisher';
import { jtiDeniedUntil, revocationLifetimeSeconds } from './revocation-window';

/**
 * Writes each revocation as a Redis key first (the copy a gateway reads when the token app cannot
 * answer it), then broadcasts it (how running gateways hear of it within milliseconds). Keys
 * expire when the last token they cover would have, so the denylist never grows without bound.
 */
@Injectable()
export class RedisRevocationPublisher extends RevocationPublisher {
  private readonly channel: BroadcastChannel;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(REDIS_KEY_PREFIX) private readonly prefix: string,
    @Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings,
    private readonly clock: Clock,
  ) {
    super();
    this.channel = new BroadcastChannel(redis, prefix);
  }

  async revokeSessions(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const until = this.sessionRevocationEnd();
    await this.publish(sessionIds.map((sessionId) => ({ kind: 'session', sessionId, until })));
  }

  async revokeSessionIssuedBefore(sessionId: string, issuedBefore: number): Promise<void> {
    await this.publish([{ kind: 'session', sessionId, issuedBefore, until: this.sessionRevocationEnd() }]);
  }

  /** A caller-supplied expiry is capped: no access token outlives the configured lifetime. */
  async denyJti(jti: string, expiresAt?: number): Promise<void> {
    const until = jtiDeniedUntil(epochSeconds(this.clock.now()), this.settings, expiresAt);
    if (until !== null) await this.publish([{ kind: 'jti', jti, until }]);
  }

  async restore(revocations: Revocation[]): Promise<void> {
    await this.write(revocations);
  }

  /** A session's tokens issued up to now all expire by then. */
  private sessionRevocationEnd(): number {
    return epochSeconds(this.clock.now()) + revocationLifetimeSeconds(this.settings);
  }

  private async publish(revocations: Revocation[]): Promise<void> {
    await this.write(revocations);
    await Promise.all(revocations.map((r) => this.channel.publish(REVOCATION_TOPIC, r)));
  }

  private async write(revocations: Revocation[]): Promise<void> {
    const now = epochSeconds(this.clock.now());
    const live = revocations.filter((r) => r.until > now);
    if (live.length === 0) return;
    const pipeline = this.redis.pipeline();
    live.forEach((r) => pipeline.set(revocationKeys.of(this.prefix, r), JSON.stringify(r), 'EX', r.until - now));
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0] as Error;
  }
}
