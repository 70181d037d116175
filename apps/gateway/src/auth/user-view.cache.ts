import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import { MeReply, ROLES_CHANGED_TOPIC, USER_CHANGED_TOPIC, UserChanged } from '@portcullis/contracts';
import { REDIS } from '@portcullis/database';
import { MaybePromise, RedisClient } from '@portcullis/common';
import { LRUCache } from 'lru-cache';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';

/**
 * Each user's view — roles and effective permissions, what `/auth/me` answers and every permission
 * check reads — in two levels: in memory (L1), so the hot path needs no network at all, over Redis
 * (L2), so a user's permissions are computed once for all gateway replicas rather than once per
 * replica. The user app broadcasts `user-changed` whenever a view would change; every replica then
 * drops its L1 entry and the L2 entry at once; on `roles-changed` (the role → permission table
 * itself changed, announced by the user app, its one source) it drops every view. The TTL (both levels) bounds staleness should a
 * broadcast be missed, e.g. during a reconnect.
 */
@Injectable()
export class UserViewCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UserViewCache.name);
  private readonly views: LRUCache<string, MeReply> | undefined;
  private readonly pending = new Map<string, Promise<MeReply>>();
  private readonly channel: BroadcastChannel;
  private readonly ttlSeconds: number;
  private readonly keyPrefix: string;
  /**
   * Bumped by every change notice. A load that a notice overtook may carry the old view, so its
   * answer is returned to its callers but not cached.
   */
  private generation = 0;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(AUTH_SETTINGS) settings: AuthSettings,
  ) {
    this.channel = new BroadcastChannel(redis, settings.redisPrefix);
    this.ttlSeconds = settings.userViewTtlSeconds;
    this.keyPrefix = `${settings.redisPrefix}:gateway:user-view:`;
    this.views = this.ttlSeconds > 0 ? new LRUCache({ max: 50_000, ttl: this.ttlSeconds * 1000 }) : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel.subscribe(
      USER_CHANGED_TOPIC,
      (m) => void this.forget((m as UserChanged).userId),
      () => Promise.resolve(this.views?.clear()),
    );
    await this.channel.subscribe(
      ROLES_CHANGED_TOPIC,
      () => void this.forgetAll(),
      () => Promise.resolve(this.views?.clear()),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }

  /**
   * The cached view, or `load()`'s answer: shared by concurrent callers (even with the cache off,
   * fifty requests of one user make one load), cached on success. A hit is answered as it is, not
   * as a promise: this is on every authenticated request's path.
   */
  get(userId: string, load: () => Promise<MeReply>): MaybePromise<MeReply> {
    const hit = this.views?.get(userId);
    if (hit) return hit;
    let inFlight = this.pending.get(userId);
    if (!inFlight) {
      const loading = (this.views ? this.fill(userId, load) : load()).finally(() => {
        if (this.pending.get(userId) === loading) this.pending.delete(userId);
      });
      this.pending.set(userId, loading);
      inFlight = loading;
    }
    return inFlight;
  }

  /** Drops the user's view here and in Redis; resolves once Redis has dropped it too. */
  async forget(userId: string): Promise<void> {
    this.generation += 1;
    this.views?.delete(userId);
    this.pending.delete(userId);
    await this.redis
      .del(this.keyOf(userId))
      .catch((err: Error) => this.logger.warn(`Could not drop the shared view of ${userId}: ${err.message}`));
  }

  /** Every view, here and in Redis (every replica does the same; deleting twice is harmless). */
  async forgetAll(): Promise<void> {
    this.generation += 1;
    this.views?.clear();
    this.pending.clear();
    try {
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.keyPrefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await this.redis.del(...keys);
      } while (cursor !== '0');
    } catch (err) {
      this.logger.warn(`Could not drop the shared user views: ${(err as Error).message}`);
    }
  }

  private async fill(userId: string, load: () => Promise<MeReply>): Promise<MeReply> {
    const generation = this.generation;
    const shared = await this.readShared(userId);
    if (shared) {
      if (generation === this.generation) this.views!.set(userId, shared);
      return shared;
    }
    const view = await load();
    if (generation === this.generation) {
      this.views!.set(userId, view);
      // Redis being down only costs the sharing: the answer is still good.
      await this.redis.set(this.keyOf(userId), JSON.stringify(view), 'EX', this.ttlSeconds).catch(() => undefined);
    }
    return view;
  }

  private async readShared(userId: string): Promise<MeReply | null> {
    const raw = await this.redis.get(this.keyOf(userId)).catch(() => null);
    return raw ? (JSON.parse(raw) as MeReply) : null;
  }

  private keyOf(userId: string): string {
    return `${this.keyPrefix}${userId}`;
  }
}
