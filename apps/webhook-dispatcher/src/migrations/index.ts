import { createSchemaMigration } from '@portcullis/database';
import { CreateWebhookTables1764000000000 } from './1764000000000-webhook-tables';
import { DeliveriesFillfactor1764700000000 } from './1764700000000-deliveries-fillfactor';

/** Applied in order; a new migration is appended here. */
export const webhookDispatcherMigrations = [createSchemaMigration('webhooks'), CreateWebhookTables1764000000000, DeliveriesFillfactor1764700000000];
