import { DynamicModule, Module } from '@nestjs/common';
import { coreImports, pingControllerFor } from '@portcullis/runtime';
import { AgentCapabilityConfig } from './config/agent-capability.config';
import { agentCapabilityDataSourceOptions } from './data-source';

@Module({})
export class AgentCapabilityModule {
  static forRoot(config: AgentCapabilityConfig, instanceId: string): DynamicModule {
    return {
      module: AgentCapabilityModule,
      imports: coreImports('agent-capability', config, agentCapabilityDataSourceOptions(config)),
      controllers: [pingControllerFor('agent-capability', instanceId)],
    };
  }
}
