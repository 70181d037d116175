import { Injectable } from '@nestjs/common';
import { AgentTypeView } from '@portcullis/contracts';
import { AgentCatalogStore } from './agent-catalog.store';

/** `GET /agents/types`: every agent type with its allowed capabilities, sorted by id. */
@Injectable()
export class ListAgentTypesUseCase {
  constructor(private readonly catalogs: AgentCatalogStore) {}

  async execute(): Promise<AgentTypeView[]> {
    return (await this.catalogs.get()).typeViews();
  }
}
