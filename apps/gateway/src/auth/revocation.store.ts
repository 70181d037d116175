import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import { Revocation, REVOCATION_TOPIC, revocationKeys } from '@portcullis/contracts';
import { REDIS } from '@portcullis/database';
import Redis from 'ioredis';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';

/**
 * Revoked sessions, token ids and users, in memory, so checking a request costs no Redis call.
 * Fed by the `revocations` broadcast (every replica gets every message, within milliseconds) and
 * reloaded from the Redis keys the token app writes whenever the subscription (re)connects, so a
 * gateway that was starting or cut off catches up on what it missed.
 */
@Injectable()
export class RevocationStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RevocationStore');
  private readonly sessions = new Map<string, number>();
  private readonly jtis = new Map<string, number>();
  private readonly users = new Map<string, { issuedBefore: number; until: number }>();
  private readonly channel: BroadcastChannel;
  private sweeper?: NodeJS.Timeout;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {
    this.channel = new BroadcastChannel(redis, settings.redisPrefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel.subscribe(REVOCATION_TOPIC, (m) => this.apply(m as Revocation), () => this.reload());
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await this.channel.close();
  }

  isRevoked(claims: { sid?: string; jti?: string; sub?: string; iat?: number }): boolean {
    const now = Date.now() / 1000;
    if (claims.sid && (this.sessions.get(claims.sid) ?? 0) > now) return true;
    if (claims.jti && (this.jtis.get(claims.jti) ?? 0) > now) return true;
    const user = claims.sub ? this.users.get(claims.sub) : undefined;
    return !!user && user.until > now && (claims.iat ?? 0) <= user.issuedBefore;
  }

  apply(r: Revocation): void {
    if (r.kind === 'session') this.sessions.set(r.sessionId, r.until);
    else if (r.kind === 'jti') this.jtis.set(r.jti, r.until);
    else this.users.set(r.userId, { issuedBefore: r.issuedBefore, until: r.until });
  }

  private async reload(): Promise<void> {
    let cursor = '0';
    let loaded = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', revocationKeys.pattern(this.settings.redisPrefix), 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      const values = await this.redis.mget(...keys);
      for (const value of values) {
        if (!value) continue;
        try {
          this.apply(JSON.parse(value) as Revocation);
          loaded++;
        } catch {
          this.logger.warn('Ignoring a malformed revocation record');
        }
      }
    } while (cursor !== '0');
    if (loaded) this.logger.log(`Loaded ${loaded} revocations`);
  }

  private sweep(): void {
    const now = Date.now() / 1000;
    for (const [k, until] of this.sessions) if (until <= now) this.sessions.delete(k);
    for (const [k, until] of this.jtis) if (until <= now) this.jtis.delete(k);
    for (const [k, u] of this.users) if (u.until <= now) this.users.delete(k);
  }
}
