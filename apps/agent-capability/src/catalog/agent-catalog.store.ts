import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AgentCatalog } from './agent-catalog';
import { AgentCatalogRepository } from './agent-catalog.repository';
import { CatalogNotices } from './catalog-notices';

/**
 * The catalog, loaded once and answered from memory (every decision reads it), until a change
 * on any replica drops it: the replica that made the change at once, the others on its notice.
 */
@Injectable()
export class AgentCatalogStore implements OnApplicationBootstrap {
  private readonly logger = new Logger(AgentCatalogStore.name);
  private catalog?: Promise<AgentCatalog>;

  constructor(
    private readonly repository: AgentCatalogRepository,
    private readonly notices: CatalogNotices,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.notices.subscribe(() => this.invalidate());
  }

  /**
   * One load shared by concurrent callers. A failed load is not kept; nor is a load that a change
   * overtook (invalidate() unsets it), so the next caller reads the committed change.
   */
  get(): Promise<AgentCatalog> {
    if (!this.catalog) {
      const loading = this.repository.load().then((records) => new AgentCatalog(records));
      this.catalog = loading;
      loading.catch(() => {
        if (this.catalog === loading) this.catalog = undefined;
      });
    }
    return this.catalog;
  }

  invalidate(): void {
    this.catalog = undefined;
  }

  /**
   * After a committed change: drop the copy here, then tell the other replicas. A failed notice
   * does not undo the change; the others catch up when their subscription reconnects.
   */
  async changed(): Promise<void> {
    this.invalidate();
    await this.notices
      .publish()
      .catch((err: Error) => this.logger.warn(`catalog change notice not sent: ${err.message}`));
  }
}
