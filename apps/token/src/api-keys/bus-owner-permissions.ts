import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel, BusClient } from '@portcullis/bus';
import { ErrorCode, isRoleName, USER_CHANGED_TOPIC, UserChanged, UserPatterns } from '@portcullis/contracts';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { RedisClient } from '@portcullis/common';
import { LRUCache } from 'lru-cache';
import { API_KEY_SETTINGS, ApiKeySettings } from './api-key-settings';
import { OwnerPermissions, OwnerStanding } from './owner-permissions';

/** Cached "no such owner" answers, so an orphaned key does not cost two bus calls per request. */
const ABSENT = 'absent' as const;

/**
 * Asks the user app (the user, then the permissions of their roles) and keeps the answer briefly
 * in memory. The user app broadcasts `user-changed` after every change to roles or the active
 * flag; each replica then drops that user at once, so a demotion reaches keys within about a
 * second, and the TTL bounds staleness should a notice be missed.
 */
@Injectable()
export class BusOwnerPermissions extends OwnerPermissions implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly cache: LRUCache<string, OwnerStanding | typeof ABSENT> | undefined;
  private readonly channel: BroadcastChannel;
  /** Bumped by every notice: a load that a notice overtook is answered but not cached. */
  private generation = 0;

  constructor(
    private readonly bus: BusClient,
    @Inject(REDIS) redis: RedisClient,
    @Inject(REDIS_KEY_PREFIX) prefix: string,
    @Inject(API_KEY_SETTINGS) settings: ApiKeySettings,
  ) {
    super();
    this.channel = new BroadcastChannel(redis, prefix);
    this.cache =
      settings.ownerCacheTtlMs > 0 ? new LRUCache({ max: 20_000, ttl: settings.ownerCacheTtlMs }) : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    // After a reconnect, notices may have been missed: start over.
    const resync = () => Promise.resolve(this.cache?.clear());
    await this.channel.subscribe(USER_CHANGED_TOPIC, (m) => this.forget((m as UserChanged)?.userId), resync);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }

  async of(userId: string): Promise<OwnerStanding | null> {
    const hit = this.cache?.get(userId);
    if (hit !== undefined) return hit === ABSENT ? null : hit;
    return this.current(userId);
  }

  async current(userId: string): Promise<OwnerStanding | null> {
    const generation = this.generation;
    const standing = await this.load(userId);
    if (generation === this.generation) this.cache?.set(userId, standing ?? ABSENT);
    return standing;
  }

  forget(userId: unknown): void {
    this.generation += 1;
    if (typeof userId === 'string') this.cache?.delete(userId);
  }

  private async load(userId: string): Promise<OwnerStanding | null> {
    const user = await this.bus.call(UserPatterns.findById, { id: userId }).catch((err: { code?: string }) => {
      if (err.code === ErrorCode.USER_NOT_FOUND) return null;
      throw err;
    });
    if (!user || !user.isActive) return null;
    const roles = user.roles.filter(isRoleName);
    const { permissions } = await this.bus.call(UserPatterns.permissionsForRoles, { roles });
    return { roles, permissions };
  }
}
