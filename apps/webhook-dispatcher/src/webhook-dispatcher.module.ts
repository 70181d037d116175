import { DynamicModule, Module } from '@nestjs/common';
import { coreImports, pingControllerFor } from '@portcullis/runtime';
import { WebhookDispatcherConfig } from './config/webhook-dispatcher.config';
import { webhookDispatcherDataSourceOptions } from './data-source';

@Module({})
export class WebhookDispatcherModule {
  static forRoot(config: WebhookDispatcherConfig, instanceId: string): DynamicModule {
    return {
      module: WebhookDispatcherModule,
      imports: coreImports('webhook-dispatcher', config, webhookDispatcherDataSourceOptions(config)),
      controllers: [pingControllerFor('webhook-dispatcher', instanceId)],
    };
  }
}
