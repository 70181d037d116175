import 'reflect-metadata';
import { runMigrations } from '@portcullis/database';
import { bootstrapService, runMain } from '@portcullis/runtime';
import { loadWebhookDispatcherConfig } from './config/webhook-dispatcher.config';
import { webhookDispatcherDataSourceOptions } from './data-source';
import { WebhookDispatcherModule } from './webhook-dispatcher.module';

runMain(async () => {
  const config = loadWebhookDispatcherConfig();
  await bootstrapService({
    service: 'webhook-dispatcher',
    config,
    module: (instanceId) => WebhookDispatcherModule.forRoot(config, instanceId),
    beforeStart: async (logger) => {
      if (config.usingDevSecretEncryptionKey)
        logger.warn('WEBHOOK_SECRET_ENCRYPTION_KEY is not set: using the development key (never in production)');
      if (config.ALLOW_PRIVATE_TARGETS)
        logger.warn('ALLOW_PRIVATE_TARGETS=true: webhooks may reach loopback and private addresses');
      if (!config.DB_MIGRATE_ON_START) return;
      const applied = await runMigrations(webhookDispatcherDataSourceOptions(config));
      if (applied.length) logger.info({ applied }, 'migrations applied');
    },
  });
});
