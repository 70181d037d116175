import { appDataSourceOptions } from '@portcullis/database';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AgentCapabilityConfig } from './config/agent-capability.config';
import { AgentTypeCapabilityEntity } from './catalog/agent-type-capability.entity';
import { AgentTypeEntity } from './catalog/agent-type.entity';
import { CapabilityEntity } from './catalog/capability.entity';
import { agentCapabilityMigrations } from './migrations';

export const AGENT_CAPABILITY_SCHEMA = 'agents';

export function agentCapabilityDataSourceOptions(config: AgentCapabilityConfig): PostgresConnectionOptions {
  return appDataSourceOptions({
    url: config.DATABASE_URL,
    schema: AGENT_CAPABILITY_SCHEMA,
    entities: [CapabilityEntity, AgentTypeEntity, AgentTypeCapabilityEntity],
    migrations: agentCapabilityMigrations,
    applicationName: 'agent-capability',
  });
}
