import { DynamicModule, Module } from '@nestjs/common';
import { RedisModule } from '@portcullis/database';
import { QueueModule, QueueName } from '@portcullis/queue';
import { coreImports, pingControllerFor, redisSettings } from '@portcullis/runtime';
import { WebhookDispatcherConfig } from './config/webhook-dispatcher.config';
import { webhookDispatcherDataSourceOptions } from './data-source';
import { WebhooksModule } from './webhooks.module';

/** Webhook subscriptions and signed deliveries; the `webhooks` schema is this app's alone. */
@Module({})
export class WebhookDispatcherModule {
  static forRoot(config: WebhookDispatcherConfig, instanceId: string): DynamicModule {
    const queues = QueueModule.forRoot({ redis: redisSettings(config), prefix: config.REDIS_PREFIX }, [
      QueueName.WebhookDelivery,
    ]);
    return {
      module: WebhookDispatcherModule,
      imports: [
        ...coreImports('webhook-dispatcher', config, webhookDispatcherDataSourceOptions(config)),
        RedisModule.forRoot({ redis: redisSettings(config), prefix: config.REDIS_PREFIX }),
        WebhooksModule.forRoot(config, [queues]),
      ],
      controllers: [pingControllerFor('webhook-dispatcher', instanceId)],
    };
  }
}
