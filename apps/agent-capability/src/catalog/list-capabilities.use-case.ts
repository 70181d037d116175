import { Injectable } from '@nestjs/common';
import { CapabilityView } from '@portcullis/contracts';
import { AgentCatalogStore } from './agent-catalog.store';

/** `GET /agents/capabilities`: every capability with its risk, sorted by id. */
@Injectable()
export class ListCapabilitiesUseCase {
  constructor(private readonly catalogs: AgentCatalogStore) {}

  async execute(): Promise<CapabilityView[]> {
    return (await this.catalogs.get()).capabilityViews();
  }
}
