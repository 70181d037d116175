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
      if (!config.DB_MIGRATE_ON_START) return;
      const applied = await runMigrations(webhookDispatcherDataSourceOptions(config));
      if (applied.length) logger.info({ applied }, 'migrations applied');
    },
  });
});
