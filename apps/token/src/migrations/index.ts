import { addOutboxTraceContextMigration, createOutboxMigration, createSchemaMigration } from '@portcullis/database';
import { CreateTokenTables1763856000000 } from './1763856000000-create-token-tables';
import { RevokedAccessTokens1764900000000 } from './1764900000000-revoked-access-tokens';
import { CreateApiKeys1765000000000 } from './1765000000000-create-api-keys';
import { ApiKeyRolledAt1766500000000 } from './1766500000000-api-key-rolled-at';

/** Applied in order; a new migration is appended here. */
export const tokenMigrations = [
  createSchemaMigration('tokens'),
  CreateTokenTables1763856000000,
  createOutboxMigration('tokens', 1764061200000),
  RevokedAccessTokens1764900000000,
  CreateApiKeys1765000000000,
  addOutboxTraceContextMigration('tokens', 1766100000000),
  ApiKeyRolledAt1766500000000,
];
