import { DynamicModule, Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { AgentCapabilityConfig } from '../config/agent-capability.config';
import { AGENT_SETTINGS, agentSettingsFrom } from '../config/agent-settings';
import { DecideCapabilitiesUseCase } from './decide-capabilities.use-case';
import { PolicyMessageController } from './policy.message-controller';

/** Capability decisions on the cached catalog, and the grant limits the token steps will need. */
@Module({})
export class PolicyModule {
  static forRoot(config: AgentCapabilityConfig): DynamicModule {
    return {
      module: PolicyModule,
      imports: [CatalogModule],
      controllers: [PolicyMessageController],
      providers: [{ provide: AGENT_SETTINGS, useValue: agentSettingsFrom(config) }, DecideCapabilitiesUseCase],
      exports: [AGENT_SETTINGS, DecideCapabilitiesUseCase],
    };
  }
}
