import { createSchemaMigration } from '@portcullis/database';
import { AgentCatalog1764576000000 } from './1764576000000-agent-catalog.migration';

/** Applied in order; a new migration is appended here. */
export const agentCapabilityMigrations = [createSchemaMigration('agents'), AgentCatalog1764576000000];
