import { appDataSourceOptions } from '@portcullis/database';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { WebhookDispatcherConfig } from './config/webhook-dispatcher.config';
import { webhookDispatcherMigrations } from './migrations';
import { SubscriptionEntity } from './subscriptions/subscription.entity';

export const WEBHOOK_DISPATCHER_SCHEMA = 'webhooks';

/** Deliveries and attempts are reached by plain SQL (deliveries/pg-delivery.repository.ts), so need no entity. */
export function webhookDispatcherDataSourceOptions(
  config: Pick<WebhookDispatcherConfig, 'DATABASE_URL'>,
): PostgresConnectionOptions {
  return appDataSourceOptions({
    url: config.DATABASE_URL,
    schema: WEBHOOK_DISPATCHER_SCHEMA,
    entities: [SubscriptionEntity],
    migrations: webhookDispatcherMigrations,
    applicationName: 'webhook-dispatcher',
  });
}
