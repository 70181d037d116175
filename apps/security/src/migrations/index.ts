import { createSchemaMigration } from '@portcullis/database';
import { CreateAuditLog1764057600000 } from './1764057600000-create-audit-log';

/** Applied in order; a new migration is appended here. */
export const securityMigrations = [createSchemaMigration('security'), CreateAuditLog1764057600000];
