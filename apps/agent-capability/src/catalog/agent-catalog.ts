import { AgentTypeView, CapabilityRisk, CapabilityView } from '@portcullis/contracts';
import { AgentTypeRecord, CatalogRecords, CapabilityRecord } from './agent-catalog.repository';

/** The catalog in memory, indexed for the policy, which reads it on every decision. */
export class AgentCatalog {
  private readonly capabilities = new Map<string, CapabilityRecord>();
  private readonly types = new Map<string, { record: AgentTypeRecord; allowed: ReadonlySet<string> }>();

  constructor(records: CatalogRecords) {
    for (const capability of [...records.capabilities].sort(byId))
      this.capabilities.set(capability.id, { ...capability });
    for (const type of [...records.types].sort(byId)) {
      const capabilities = [...new Set(type.capabilities)].sort();
      this.types.set(type.id, { record: { ...type, capabilities }, allowed: new Set(capabilities) });
    }
  }

  hasType(id: string): boolean {
    return this.types.has(id);
  }

  /** Undefined for a capability not in the catalog. */
  riskOf(capability: string): CapabilityRisk | undefined {
    return this.capabilities.get(capability)?.risk;
  }

  /** The capabilities `type` may hold; empty for an unknown type. */
  allowedFor(type: string): ReadonlySet<string> {
    return this.types.get(type)?.allowed ?? new Set();
  }

  /** Those of `capabilities` the catalog does not know, in the order given. */
  unknown(capabilities: readonly string[]): string[] {
    return capabilities.filter((c) => !this.capabilities.has(c));
  }

  /** Copies, so a caller cannot change the cached catalog. */
  typeViews(): AgentTypeView[] {
    return [...this.types.values()].map(({ record }) => ({ ...record, capabilities: [...record.capabilities] }));
  }

  capabilityViews(): CapabilityView[] {
    return [...this.capabilities.values()].map((c) => ({ ...c }));
  }
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
