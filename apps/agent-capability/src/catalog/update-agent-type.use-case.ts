import { Injectable } from '@nestjs/common';
import { AgentTypeView, UpdateAgentTypeRequest } from '@portcullis/contracts';
import { AgentCatalogStore } from './agent-catalog.store';
import { AgentTypeChange, AgentCatalogRepository } from './agent-catalog.repository';
import { FieldError, unknownAgentType, unknownCapabilities, validationFailed } from './catalog-errors';
import { capabilityList, descriptionField, idField } from './catalog-input';

/**
 * `PUT /agents/types/:id` (super_admin): a type's description and allowed capabilities. Only new
 * grants see the change; agents already holding a capability keep it until they expire.
 */
@Injectable()
export class UpdateAgentTypeUseCase {
  constructor(
    private readonly repository: AgentCatalogRepository,
    private readonly catalogs: AgentCatalogStore,
  ) {}

  async execute(request: UpdateAgentTypeRequest): Promise<AgentTypeView> {
    const { id, change } = parse(request);
    const catalog = await this.catalogs.get();
    if (!catalog.hasType(id)) throw unknownAgentType(id);
    // Capabilities change only by migration, so the cached list is the table's; the foreign key backs this up.
    const unknown = catalog.unknown(change.capabilities ?? []);
    if (unknown.length) throw unknownCapabilities(unknown);
    const updated = await this.repository.updateType(id, change);
    if (!updated) throw unknownAgentType(id);
    await this.catalogs.changed();
    return updated;
  }
}

function parse(request: UpdateAgentTypeRequest): { id: string; change: AgentTypeChange } {
  const errors: FieldError[] = [];
  const input = (request ?? {}) as unknown as Record<string, unknown>;
  const id = idField(input.id, 'id', errors);
  const change: AgentTypeChange = {};
  if (input.description !== undefined) change.description = descriptionField(input.description, errors);
  if (input.capabilities !== undefined)
    change.capabilities = capabilityList(input.capabilities, 'capabilities', errors);
  if (input.description === undefined && input.capabilities === undefined) {
    errors.push({ field: 'description', messages: ['give a description, capabilities, or both'] });
  }
  if (errors.length) throw validationFailed(errors);
  return { id, change };
}
