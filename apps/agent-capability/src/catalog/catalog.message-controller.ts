import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AgentPatterns, AgentTypeView, CapabilityView, UpdateAgentTypeRequest } from '@portcullis/contracts';
import { ListAgentTypesUseCase } from './list-agent-types.use-case';
import { ListCapabilitiesUseCase } from './list-capabilities.use-case';
import { UpdateAgentTypeUseCase } from './update-agent-type.use-case';

/** The bus face of the agent catalog; each pattern hands straight to its use case. */
@Controller()
export class CatalogMessageController {
  constructor(
    private readonly listAgentTypes: ListAgentTypesUseCase,
    private readonly listCapabilities: ListCapabilitiesUseCase,
    private readonly updateAgentType: UpdateAgentTypeUseCase,
  ) {}

  @MessagePattern(AgentPatterns.listTypes.pattern)
  types(): Promise<AgentTypeView[]> {
    return this.listAgentTypes.execute();
  }

  @MessagePattern(AgentPatterns.listCapabilities.pattern)
  capabilities(): Promise<CapabilityView[]> {
    return this.listCapabilities.execute();
  }

  @MessagePattern(AgentPatterns.updateType.pattern)
  updateType(@Payload() request: UpdateAgentTypeRequest): Promise<AgentTypeView> {
    return this.updateAgentType.execute(request);
  }
}
