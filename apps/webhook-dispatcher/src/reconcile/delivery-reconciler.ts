import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../config/webhook-settings';
import { webhookDeliveriesRequeued } from '../dispatch/delivery-metrics';
import { RequeueStrandedDeliveriesUseCase } from './requeue-stranded-deliveries.use-case';

/** Runs the stranded-delivery sweep every WEBHOOK_RECONCILE_INTERVAL_SECONDS, one round at a time. */
@Injectable()
export class DeliveryReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryReconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly requeue: RequeueStrandedDeliveriesUseCase,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: Pick<WebhookSettings, 'reconcileIntervalMs'>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.settings.reconcileIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Skips a tick while the previous round still runs (Redis down: its commands wait for the reconnect). */
  private sweep(): void {
    if (this.running) return;
    this.running = this.requeue
      .execute()
      .then((n) => {
        if (n === 0) return;
        webhookDeliveriesRequeued().inc(n);
        this.logger.warn(`Queued ${n} due deliveries again that had no job (Redis lost them?)`);
      })
      .catch((err: Error) => this.logger.error(`Looking for stranded deliveries failed: ${err.message}`))
      .finally(() => (this.running = undefined));
  }
}
