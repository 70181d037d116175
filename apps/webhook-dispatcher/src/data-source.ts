import { appDataSourceOptions } from '@portcullis/database';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { WebhookDispatcherConfig } from './config/webhook-dispatcher.config';
import { webhookDispatcherMigrations } from './migrations';

export const WEBHOOK_DISPATCHER_SCHEMA = 'webhooks';

export function webhookDispatcherDataSourceOptions(config: WebhookDispatcherConfig): PostgresConnectionOptions {
  return appDataSourceOptions({
    url: config.DATABASE_URL,
    schema: WEBHOOK_DISPATCHER_SCHEMA,
    entities: [],
    migrations: webhookDispatcherMigrations,
    applicationName: 'webhook-dispatcher',
  });
}
