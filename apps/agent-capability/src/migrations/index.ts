import { addOutboxTraceContextMigration, createOutboxMigration, createSchemaMigration } from '@portcullis/database';
import { AgentCatalog1764576000000 } from './1764576000000-agent-catalog.migration';
import { Agents1766100000000 } from './1766100000000-agents.migration';
import { RevokedAgentsIndex1766700000000 } from './1766700000000-revoked-agents-index.migration';

/** Applied in order; a new migration is appended here. */
export const agentCapabilityMigrations = [
  createSchemaMigration('agents'),
  AgentCatalog1764576000000,
  Agents1766100000000,
  createOutboxMigration('agents', 1766100000001),
  addOutboxTraceContextMigration('agents', 1766100000003),
  RevokedAgentsIndex1766700000000,
];
