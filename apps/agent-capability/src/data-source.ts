import { appDataSourceOptions } from '@portcullis/database';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AgentCapabilityConfig } from './config/agent-capability.config';
import { agentCapabilityMigrations } from './migrations';

export const AGENT_CAPABILITY_SCHEMA = 'agents';

export function agentCapabilityDataSourceOptions(config: AgentCapabilityConfig): PostgresConnectionOptions {
  return appDataSourceOptions({
    url: config.DATABASE_URL,
    schema: AGENT_CAPABILITY_SCHEMA,
    entities: [],
    migrations: agentCapabilityMigrations,
    applicationName: 'agent-capability',
  });
}
