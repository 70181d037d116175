import { createSchemaMigration } from '@portcullis/database';

/** Applied in order; a new migration is appended here. */
export const securityMigrations = [createSchemaMigration('security')];
