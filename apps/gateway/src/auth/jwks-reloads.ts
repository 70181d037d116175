import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import { RedisClient } from '@portcullis/common';
import { SIGNING_KEYS_TOPIC } from '@portcullis/contracts';
import { REDIS } from '@portcullis/database';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';
import { JwksCache } from './jwks.cache';

/**
 * When the gateway reloads its JWKS besides on an unknown `kid`: on the token app's `signing-keys`
 * broadcast (every replica within milliseconds of a rotation, so `/.well-known/jwks.json` names the
 * new key before any token does), after each (re)subscription, and every JWKS_REFRESH_SECONDS, which
 * bounds a missed broadcast and drops the keys the token app has retired.
 */
@Injectable()
export class JwksReloads implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly channel: BroadcastChannel;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(REDIS) redis: RedisClient,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly jwks: JwksCache,
  ) {
    this.channel = new BroadcastChannel(redis, settings.redisPrefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Not awaited on (re)subscription: the first request loads the keys anyway (JwksCache.ensure),
    // and a gateway must not wait at its start for a token app that may not be up yet.
    const reload = () => void this.jwks.reload();
    await this.channel.subscribe(SIGNING_KEYS_TOPIC, reload, () => Promise.resolve(reload()));
    this.timer = setInterval(() => void this.jwks.reload(), (this.settings.jwksRefreshSeconds ?? 60) * 1000).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.channel.close();
  }
}
