import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AgentPatterns, CapabilityDecision, DecideCapabilitiesRequest } from '@portcullis/contracts';
import { DecideCapabilitiesUseCase } from './decide-capabilities.use-case';

/** The bus face of the capability policy. */
@Controller()
export class PolicyMessageController {
  constructor(private readonly decideCapabilities: DecideCapabilitiesUseCase) {}

  @MessagePattern(AgentPatterns.decide.pattern)
  decide(@Payload() request: DecideCapabilitiesRequest): Promise<CapabilityDecision> {
    return this.decideCapabilities.execute(request);
  }
}
