import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BroadcastChannel, BusClient } from '@portcullis/bus';
import { ROLES_CHANGED_TOPIC, RolesChanged } from '@portcullis/contracts';
import { RoleCatalogStore } from './role-catalog.store';

/**
 * Keeps every copy of the role → permission table in step with the tables: `announce()` (after a
 * committed change) drops this replica's catalog, then tells everyone else (`roles-changed`); the
 * subscription drops the catalog when another replica announces, and after every reconnect.
 */
@Injectable()
export class RolesChangedNotice implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RolesChangedNotice.name);
  private channel?: BroadcastChannel;

  constructor(
    private readonly bus: BusClient,
    private readonly catalogs: RoleCatalogStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const redis = this.bus.proxy.redis;
    if (!redis) return;
    this.channel = new BroadcastChannel(redis, this.bus.prefix);
    await this.channel.subscribe(
      ROLES_CHANGED_TOPIC,
      () => this.catalogs.drop(),
      () => Promise.resolve(this.catalogs.drop()),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.close();
  }

  /** Never fails: a lost notice only lets derived copies live out their (short) TTLs. */
  async announce(): Promise<void> {
    this.catalogs.drop();
    const message: RolesChanged = { at: Date.now() };
    await this.bus
      .broadcast(ROLES_CHANGED_TOPIC, message)
      .catch((err: Error) => this.logger.error(`Could not broadcast roles-changed: ${err.message}`));
  }
}
