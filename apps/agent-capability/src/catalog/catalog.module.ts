import { Module } from '@nestjs/common';
import { AgentCatalogRepository } from './agent-catalog.repository';
import { AgentCatalogStore } from './agent-catalog.store';
import { BroadcastCatalogNotices } from './broadcast-catalog-notices';
import { CatalogMessageController } from './catalog.message-controller';
import { CatalogNotices } from './catalog-notices';
import { ListAgentTypesUseCase } from './list-agent-types.use-case';
import { ListCapabilitiesUseCase } from './list-capabilities.use-case';
import { TypeOrmAgentCatalogRepository } from './typeorm-agent-catalog.repository';
import { UpdateAgentTypeUseCase } from './update-agent-type.use-case';

/** The agent catalog, cached per replica. Needs the global RedisModule (change notices) and the database. */
@Module({
  controllers: [CatalogMessageController],
  providers: [
    { provide: AgentCatalogRepository, useClass: TypeOrmAgentCatalogRepository },
    { provide: CatalogNotices, useClass: BroadcastCatalogNotices },
    AgentCatalogStore,
    ListAgentTypesUseCase,
    ListCapabilitiesUseCase,
    UpdateAgentTypeUseCase,
  ],
  exports: [AgentCatalogStore],
})
export class CatalogModule {}
