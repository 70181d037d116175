import { CapabilityRisk } from '@portcullis/contracts';

export interface CapabilityRecord {
  id: string;
  description: string;
  risk: CapabilityRisk;
}

export interface AgentTypeRecord {
  id: string;
  description: string;
  /** The capabilities an agent of this type may be granted, sorted. */
  capabilities: string[];
}

export interface CatalogRecords {
  capabilities: CapabilityRecord[];
  types: AgentTypeRecord[];
}

/** Fields left out stay as they are; `capabilities` replaces the whole allowed set. */
export interface AgentTypeChange {
  description?: string;
  capabilities?: string[];
}

/** The agent catalog as stored (the `agents` schema), in plain records. */
export abstract class AgentCatalogRepository {
  abstract load(): Promise<CatalogRecords>;
  /** The type as it is after the change, or null when there is no such type. One transaction. */
  abstract updateType(id: string, change: AgentTypeChange): Promise<AgentTypeRecord | null>;
}
