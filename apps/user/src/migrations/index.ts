import { addOutboxTraceContextMigration, createOutboxMigration, createSchemaMigration } from '@portcullis/database';
import { UsersAndRoles1763856000000 } from './1763856000000-users-and-roles.migration';
import { UserListingIndexes1763942400000 } from './1763942400000-user-listing-indexes.migration';
import { EmailSkeleton1764662400000 } from './1764662400000-email-skeleton.migration';
import { QueuesWritePermission1765000000000 } from './1765000000000-queues-write-permission.migration';
import { RateLimitsPermissions1766200000001 } from './1766200000001-rate-limits-permissions.migration';
import { AgentsScopeAllPermission1766600000000 } from './1766600000000-agents-scope-all-permission.migration';
import { SessionsScopeAllPermission1767100000000 } from './1767100000000-sessions-scope-all-permission.migration';

/** Applied in order; a new migration is appended here. */
export const userMigrations = [
  createSchemaMigration('users'),
  UsersAndRoles1763856000000,
  UserListingIndexes1763942400000,
  createOutboxMigration('users', 1764489600000),
  EmailSkeleton1764662400000,
  QueuesWritePermission1765000000000,
  addOutboxTraceContextMigration('users', 1766100000000),
  RateLimitsPermissions1766200000001,
  AgentsScopeAllPermission1766600000000,
  SessionsScopeAllPermission1767100000000,
];
