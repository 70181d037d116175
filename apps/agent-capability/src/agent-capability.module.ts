import { DynamicModule, Module } from '@nestjs/common';
import { RedisModule } from '@portcullis/database';
import { coreImports, pingControllerFor, redisSettings } from '@portcullis/runtime';
import { CatalogModule } from './catalog/catalog.module';
import { AgentCapabilityConfig } from './config/agent-capability.config';
import { GrantsModule } from './grants/grants.module';
import { agentCapabilityDataSourceOptions } from './data-source';

@Module({})
export class AgentCapabilityModule {
  static forRoot(config: AgentCapabilityConfig, instanceId: string): DynamicModule {
    return {
      module: AgentCapabilityModule,
      imports: [
        ...coreImports('agent-capability', config, agentCapabilityDataSourceOptions(config)),
        RedisModule.forRoot({ redis: redisSettings(config), prefix: config.REDIS_PREFIX }),
        CatalogModule,
        GrantsModule.forRoot(config),
      ],
      controllers: [pingControllerFor('agent-capability', instanceId)],
    };
  }
}
