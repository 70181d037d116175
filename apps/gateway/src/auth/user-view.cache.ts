import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import { MeReply, USER_CHANGED_TOPIC, UserChanged } from '@portcullis/contracts';
import { REDIS } from '@portcullis/database';
import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';

/**
 * Each user's `/auth/me` view, in memory (L1): the hot path then needs no bus hop at all. The user
 * app broadcasts `user-changed` whenever the view would change, and every replica drops that entry
 * at once; a short TTL bounds staleness even if a broadcast is missed (e.g. during a reconnect).
 */
@Injectable()
export class UserViewCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly views: LRUCache<string, MeReply> | undefined;
  private readonly pending = new Map<string, Promise<MeReply>>();
  private readonly channel: BroadcastChannel;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(AUTH_SETTINGS) settings: AuthSettings,
  ) {
    this.channel = new BroadcastChannel(redis, settings.redisPrefix);
    this.views = settings.userViewTtlSeconds > 0 ? new LRUCache({ max: 50_000, ttl: settings.userViewTtlSeconds * 1000 }) : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel.subscribe(USER_CHANGED_TOPIC, (m) => this.forget((m as UserChanged).userId), async () => this.views?.clear());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }

  /** The cached view, or `load()`'s answer (shared by concurrent callers, cached on success). */
  async get(userId: string, load: () => Promise<MeReply>): Promise<MeReply> {
    const hit = this.views?.get(userId);
    if (hit) return hit;
    let inFlight = this.pending.get(userId);
    if (!inFlight) {
      inFlight = load().finally(() => this.pending.delete(userId));
      this.pending.set(userId, inFlight);
    }
    const view = await inFlight;
    this.views?.set(userId, view);
    return view;
  }

  forget(userId: string): void {
    this.views?.delete(userId);
    this.pending.delete(userId);
  }
}
