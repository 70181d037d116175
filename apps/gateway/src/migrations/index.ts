import { createSchemaMigration } from '@portcullis/database';
import { UpstreamApis1766300000000 } from './1766300000000-upstream-apis';

/** Applied in order; a new migration is appended here. */
export const gatewayMigrations = [createSchemaMigration('gateway'), UpstreamApis1766300000000];
