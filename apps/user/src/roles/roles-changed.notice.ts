import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { BroadcastChannel, BusClient } from '@portcullis/bus';
import { ROLES_CHANGED_TOPIC, RolesChanged } from '@portcullis/contracts';
import { RoleCatalogStore } from './role-catalog.store';

/** True when this process applied the user app's migrations at start (main.ts). */
export const ROLES_MIGRATED_AT_START = Symbol('ROLES_MIGRATED_AT_START');

/**
 * Keeps every copy of the role → permission table in step with the tables: `announce()` (after a
 * committed change) drops this replica's catalog, then tells everyone else (`roles-changed`); the
 * subscription drops the catalog when another replica announces, and after every reconnect.
 *
 * The tables change only through migrations (the roles are data, seeded and extended by them), so
 * whoever applies one announces: this app when it applied its own at start, while older replicas and
 * every gateway still hold the old table, and `npm run migrate` (scripts/lib/roles-changed.ts).
 */
@Injectable()
export class RolesChangedNotice implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RolesChangedNotice.name);
  private channel?: BroadcastChannel;

  constructor(
    private readonly bus: BusClient,
    private readonly catalogs: RoleCatalogStore,
    @Optional() @Inject(ROLES_MIGRATED_AT_START) private readonly migratedAtStart = false,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const redis = this.bus.proxy.redis;
    if (redis) {
      this.channel = new BroadcastChannel(redis, this.bus.prefix);
      await this.channel.subscribe(
        ROLES_CHANGED_TOPIC,
        () => this.catalogs.drop(),
        () => Promise.resolve(this.catalogs.drop()),
      );
    }
    if (this.migratedAtStart) await this.announce();
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
