import { createSchemaMigration } from '@portcullis/database';
import { CreateAuditLog1764057600000 } from './1764057600000-create-audit-log';
import { CreateRateLimitPolicies1766200000000 } from './1766200000000-create-rate-limit-policies';
import { AuditActorChainIndex1766100000002 } from './1766100000002-audit-actor-chain-index';

/** Applied in order; a new migration is appended here. */
export const securityMigrations = [
  createSchemaMigration('security'),
  CreateAuditLog1764057600000,
  CreateRateLimitPolicies1766200000000,
  AuditActorChainIndex1766100000002,
];
