import { createSchemaMigration } from '@portcullis/database';
import { CreateWebhookTables1764000000000 } from './1764000000000-webhook-tables';

/** Applied in order; a new migration is appended here. */
export const webhookDispatcherMigrations = [createSchemaMigration('webhooks'), CreateWebhookTables1764000000000];
