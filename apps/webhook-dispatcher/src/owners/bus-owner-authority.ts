import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel, BusClient } from '@portcullis/bus';
import {
  ErrorCode,
  RoleName,
  ROLES_CHANGED_TOPIC,
  USER_CHANGED_TOPIC,
  UserChanged,
  UserPatterns,
} from '@portcullis/contracts';
import { REDIS } from '@portcullis/database';
import { RedisClient } from '@portcullis/common';
import { LRUCache } from 'lru-cache';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../config/webhook-settings';
import { OwnerAuthority, OwnerStanding, SCOPE_ALL_PERMISSION } from './owner-authority';

/**
 * Owner standings cached in memory, loaded over the bus (user.findById, then the role table's
 * permissionsForRoles, itself cached per set of roles). The user app broadcasts `user-changed`
 * after every role change, disable and delete: each replica then drops that owner at once (and
 * everything on `roles-changed`, when the role table itself changed), so a
 * demotion takes effect in about a second; the TTL bounds staleness should a notice be missed.
 * While the user app is unreachable, a standing past its TTL is still used rather than failing
 * the fan-out; with nothing known at all the load fails and the bus redelivers the events later.
 */
@Injectable()
export class BusOwnerAuthority extends OwnerAuthority implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BusOwnerAuthority.name);
  private readonly standings: LRUCache<string, OwnerStanding>;
  private readonly permissions: LRUCache<string, string[]>;
  private readonly channel: BroadcastChannel;

  constructor(
    private readonly bus: BusClient,
    @Inject(REDIS) redis: RedisClient,
    @Inject(WEBHOOK_SETTINGS) settings: Pick<WebhookSettings, 'ownerViewTtlMs'>,
  ) {
    super();
    const ttl = Math.max(settings.ownerViewTtlMs, 1);
    this.standings = new LRUCache({
      max: 10_000,
      ttl,
      allowStaleOnFetchRejection: true,
      fetchMethod: (userId) => this.load(userId),
    });
    this.permissions = new LRUCache({
      max: 100,
      ttl,
      allowStaleOnFetchRejection: true,
      fetchMethod: (key) => this.loadPermissions(key),
    });
    this.channel = new BroadcastChannel(redis, bus.prefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel.subscribe(
      USER_CHANGED_TOPIC,
      (m) => this.forget((m as UserChanged).userId),
      () => Promise.resolve(this.standings.clear()),
    );
    // The role table changed (the user app's catalog is the source): every standing may be stale.
    const forgetAll = () => {
      this.permissions.clear();
      this.standings.clear();
    };
    await this.channel.subscribe(ROLES_CHANGED_TOPIC, forgetAll, () => Promise.resolve(forgetAll()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }

  async standingOf(userId: string): Promise<OwnerStanding> {
    // A forget() during a load aborts it (its answer may predate the change): ask again.
    for (let tries = 0; tries < 3; tries += 1) {
      const status: LRUCache.Status<string, OwnerStanding> = {};
      const standing = await this.standings.fetch(userId, { status });
      if (standing) return standing;
      if (status.fetchRejected) throw status.fetchError ?? new Error(`Could not load webhook owner ${userId}`);
    }
    throw new Error(`The standing of webhook owner ${userId} kept changing while it was loaded`);
  }

  forget(userId: string): void {
    if (typeof userId === 'string') this.standings.delete(userId);
  }

  private async load(userId: string): Promise<OwnerStanding> {
    let user: { roles: RoleName[]; isActive: boolean };
    try {
      user = await this.bus.call(UserPatterns.findById, { id: userId });
    } catch (err) {
      if ((err as { code?: string }).code === ErrorCode.USER_NOT_FOUND) return 'gone';
      this.logger.warn(`Could not load webhook owner ${userId}: ${(err as Error).message}`);
      throw err;
    }
    if (!user.isActive) return 'own';
    const permissions = await this.permissions.fetch([...user.roles].sort().join(','));
    return permissions?.includes(SCOPE_ALL_PERMISSION) ? 'all' : 'own';
  }

  private async loadPermissions(key: string): Promise<string[]> {
    const roles = (key ? key.split(',') : []) as RoleName[];
    return (await this.bus.call(UserPatterns.permissionsForRoles, { roles })).permissions;
  }
}
