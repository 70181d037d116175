import { AgentCatalogStore } from '../../src/catalog/agent-catalog.store';
import { CatalogNoticeHub } from './in-memory-catalog-notices';
import { InMemoryAgentCatalogRepository } from './in-memory-agent-catalog.repository';

/** One seeded catalog table and a notice hub, and as many subscribed replicas' stores as a test wants. */
export function catalogFixture() {
  const repository = new InMemoryAgentCatalogRepository();
  const hub = new CatalogNoticeHub();
  const replica = async () => {
    const store = new AgentCatalogStore(repository, hub.replica());
    await store.onApplicationBootstrap();
    return store;
  };
  return { repository, hub, replica };
}
