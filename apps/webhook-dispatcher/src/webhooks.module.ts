import { DynamicModule, Module } from '@nestjs/common';
import { bullConnection, bullPrefix } from '@portcullis/queue';
import { redisSettings } from '@portcullis/runtime';
import { SecretBox } from '@portcullis/security';
import { Clock, SystemClock } from '@portcullis/common';
import { WebhookDispatcherConfig } from './config/webhook-dispatcher.config';
import { WEBHOOK_SETTINGS, webhookSettingsFrom } from './config/webhook-settings';
import { BullDeliveryQueue } from './deliveries/bull-delivery.queue';
import { DeliveriesMessageController } from './deliveries/deliveries.message-controller';
import { DeliveryQueue } from './deliveries/delivery-queue';
import { DeliveryRepository } from './deliveries/delivery.repository';
import { ListDeliveriesUseCase } from './deliveries/list-deliveries.use-case';
import { PgDeliveryRepository } from './deliveries/pg-delivery.repository';
import { RecoverDeliveriesUseCase } from './deliveries/recover-deliveries.use-case';
import { RetryDeliveryUseCase } from './deliveries/retry-delivery.use-case';
import { SendTestEventUseCase } from './deliveries/send-test-event.use-case';
import { AttemptDeliveryUseCase } from './dispatch/attempt-delivery.use-case';
import { DELIVERY_WORKER_OPTIONS, DeliveryWorker } from './dispatch/delivery.worker';
import { EndpointConcurrency } from './dispatch/endpoint-concurrency';
import { EndpointHealth } from './dispatch/endpoint-health';
import { HttpWebhookTransport } from './dispatch/http-webhook.transport';
import { WebhookSender } from './dispatch/webhook-sender';
import { WebhookTransport } from './dispatch/webhook-transport';
import { FanOutBatcher } from './events/fan-out-batcher';
import { DeliveryReconciler } from './reconcile/delivery-reconciler';
import { RedisSweepLock } from './reconcile/redis-sweep-lock';
import { RequeueStrandedDeliveriesUseCase } from './reconcile/requeue-stranded-deliveries.use-case';
import { SweepLock } from './reconcile/sweep-lock';
import { FanOutMessageController } from './events/fan-out.message-controller';
import { FanOutEventUseCase } from './events/fan-out-event.use-case';
import { ApplyOwnerChangeUseCase } from './owners/apply-owner-change.use-case';
import { BusOwnerAuthority } from './owners/bus-owner-authority';
import { OwnerAuthority } from './owners/owner-authority';
import { CreateSubscriptionUseCase } from './subscriptions/create-subscription.use-case';
import { DeleteSubscriptionUseCase } from './subscriptions/delete-subscription.use-case';
import { QuerySubscriptionsUseCase } from './subscriptions/query-subscriptions.use-case';
import { RotateSecretUseCase } from './subscriptions/rotate-secret.use-case';
import { SubscriptionRepository } from './subscriptions/subscription.repository';
import { SubscriptionsMessageController } from './subscriptions/subscriptions.message-controller';
import { TypeOrmSubscriptionRepository } from './subscriptions/typeorm-subscription.repository';
import { UpdateSubscriptionUseCase } from './subscriptions/update-subscription.use-case';
import { UrlGuard } from './subscriptions/url-guard';

/**
 * Subscriptions, fan-out of bus events into deliveries, and the delivery worker. Needs the global
 * bus, database and Redis modules, and the webhook-delivery queue registered beside it.
 */
@Module({})
export class WebhooksModule {
  static forRoot(config: WebhookDispatcherConfig, queueImports: DynamicModule[]): DynamicModule {
    return {
      module: WebhooksModule,
      imports: queueImports,
      controllers: [SubscriptionsMessageController, DeliveriesMessageController, FanOutMessageController],
      providers: [
        { provide: WEBHOOK_SETTINGS, useValue: webhookSettingsFrom(config) },
        { provide: SecretBox, useFactory: () => new SecretBox(config.WEBHOOK_SECRET_ENCRYPTION_KEY) },
        { provide: Clock, useClass: SystemClock },
        { provide: SubscriptionRepository, useClass: TypeOrmSubscriptionRepository },
        { provide: DeliveryRepository, useClass: PgDeliveryRepository },
        { provide: DeliveryQueue, useClass: BullDeliveryQueue },
        { provide: WebhookTransport, useClass: HttpWebhookTransport },
        { provide: SweepLock, useClass: RedisSweepLock },
        { provide: OwnerAuthority, useClass: BusOwnerAuthority },
        {
          provide: DELIVERY_WORKER_OPTIONS,
          useValue: {
            connection: bullConnection(redisSettings(config)),
            prefix: bullPrefix(config.REDIS_PREFIX),
            concurrency: config.WEBHOOK_WORKER_CONCURRENCY,
            lockMs: config.WEBHOOK_JOB_LOCK_MS,
            retryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
          },
        },
        UrlGuard,
        CreateSubscriptionUseCase,
        QuerySubscriptionsUseCase,
        UpdateSubscriptionUseCase,
        DeleteSubscriptionUseCase,
        RotateSecretUseCase,
        ListDeliveriesUseCase,
        RetryDeliveryUseCase,
        RecoverDeliveriesUseCase,
        SendTestEventUseCase,
        FanOutEventUseCase,
        FanOutBatcher,
        ApplyOwnerChangeUseCase,
        WebhookSender,
        EndpointHealth,
        EndpointConcurrency,
        AttemptDeliveryUseCase,
        DeliveryWorker,
        RequeueStrandedDeliveriesUseCase,
        DeliveryReconciler,
      ],
    };
  }
}
