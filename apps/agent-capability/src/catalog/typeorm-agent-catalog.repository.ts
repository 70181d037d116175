import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AgentCatalogRepository, AgentTypeChange, AgentTypeRecord, CatalogRecords } from './agent-catalog.repository';
import { AgentTypeCapabilityEntity } from './agent-type-capability.entity';
import { AgentTypeEntity } from './agent-type.entity';
import { CapabilityEntity } from './capability.entity';

@Injectable()
export class TypeOrmAgentCatalogRepository extends AgentCatalogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async load(): Promise<CatalogRecords> {
    const [capabilities, types, allowed] = await Promise.all([
      this.dataSource.getRepository(CapabilityEntity).find({ order: { id: 'ASC' } }),
      this.dataSource.getRepository(AgentTypeEntity).find({ order: { id: 'ASC' } }),
      this.dataSource.getRepository(AgentTypeCapabilityEntity).find({ order: { capability: 'ASC' } }),
    ]);
    return {
      capabilities: capabilities.map(({ id, description, risk }) => ({ id, description, risk })),
      types: types.map(({ id, description }) => ({
        id,
        description,
        capabilities: allowed.filter((a) => a.agentType === id).map((a) => a.capability),
      })),
    };
  }

  /** The type's row is locked first, so two concurrent edits of one type apply one after the other. */
  updateType(id: string, change: AgentTypeChange): Promise<AgentTypeRecord | null> {
    return this.dataSource.transaction(async (manager) => {
      const types = manager.getRepository(AgentTypeEntity);
      const type = await types.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!type) return null;
      await types.update(
        { id },
        { ...(change.description !== undefined && { description: change.description }), updatedAt: new Date() },
      );
      if (change.capabilities) await this.replaceAllowed(manager, id, change.capabilities);
      const allowed = await manager
        .getRepository(AgentTypeCapabilityEntity)
        .find({ where: { agentType: id }, order: { capability: 'ASC' } });
      return {
        id,
        description: change.description ?? type.description,
        capabilities: allowed.map((a) => a.capability),
      };
    });
  }

  private async replaceAllowed(manager: EntityManager, id: string, capabilities: string[]): Promise<void> {
    const allowed = manager.getRepository(AgentTypeCapabilityEntity);
    await allowed.delete({ agentType: id });
    if (capabilities.length) await allowed.insert(capabilities.map((capability) => ({ agentType: id, capability })));
  }
}
