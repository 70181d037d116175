import { SEED_AGENT_TYPES, SEED_CAPABILITIES } from '../../src/migrations/1764576000000-agent-catalog.seed';
import {
  AgentCatalogRepository,
  AgentTypeChange,
  AgentTypeRecord,
  CatalogRecords,
} from '../../src/catalog/agent-catalog.repository';

/** The seeded catalog in memory, shared by "replicas" in a test; counts loads so tests can see the cache at work. */
export class InMemoryAgentCatalogRepository extends AgentCatalogRepository {
  loads = 0;
  private readonly records: CatalogRecords = {
    capabilities: SEED_CAPABILITIES.map(([id, risk, description]) => ({ id, risk, description })),
    types: SEED_AGENT_TYPES.map(([id, description, capabilities]) => ({
      id,
      description,
      capabilities: [...capabilities].sort(),
    })),
  };

  async load(): Promise<CatalogRecords> {
    this.loads += 1;
    return structuredClone(this.records);
  }

  async updateType(id: string, change: AgentTypeChange): Promise<AgentTypeRecord | null> {
    const type = this.records.types.find((t) => t.id === id);
    if (!type) return null;
    const known = new Set(this.records.capabilities.map((c) => c.id));
    // As the foreign key would: an unknown capability fails the whole change.
    if (change.capabilities?.some((c) => !known.has(c))) throw new Error('foreign key violation');
    if (change.description !== undefined) type.description = change.description;
    if (change.capabilities !== undefined) type.capabilities = [...change.capabilities].sort();
    return structuredClone(type);
  }
}
