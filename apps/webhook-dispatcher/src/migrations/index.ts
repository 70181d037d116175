import { createSchemaMigration } from '@portcullis/database';
import { CreateWebhookTables1764000000000 } from './1764000000000-webhook-tables';
import { DeliveriesFillfactor1764700000000 } from './1764700000000-deliveries-fillfactor';
import { InterruptedAttempts1764800000000 } from './1764800000000-interrupted-attempts';

/** Applied in order; a new migration is appended here. */
export const webhookDispatcherMigrations = [
  createSchemaMigration('webhooks'),
  CreateWebhookTables1764000000000,
  DeliveriesFillfactor1764700000000,
  InterruptedAttempts1764800000000,
];
