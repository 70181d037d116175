import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { QueueName } from '@portcullis/queue';
import { Queue } from 'bullmq';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../config/webhook-settings';
import { DELIVER_JOB, DeliveryQueue, jobDataOf, jobIdOf, QueueableDelivery } from './delivery-queue';

/** The backoff type the worker's strategy answers for (it hands over the delay the attempt chose). */
export const WEBHOOK_BACKOFF = 'webhook-schedule';

/**
 * One job per delivery generation in the webhook-delivery queue. `attempts` is the first try plus
 * one per step of the retry schedule; the delays themselves come from the attempt (see job-backoff.ts).
 *
 * A delivered job is removed at once rather than kept (the queues' default keeps the last 10,000):
 * the delivery and its attempts in PostgreSQL are the history, and keeping a copy in Redis made
 * BullMQ's completion script about a fifth dearer (bench:webhooks, Redis commandstats). Failed
 * (dead) jobs are kept, for the dashboard. Re-queueing stays idempotent without the kept job: only
 * deliveries still pending in the database are queued again, and a pending one's job is not done.
 */
@Injectable()
export class BullDeliveryQueue extends DeliveryQueue {
  constructor(
    @InjectQueue(QueueName.WebhookDelivery) private readonly queue: Queue,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: Pick<WebhookSettings, 'retryScheduleMs'>,
  ) {
    super();
  }

  async enqueue(deliveries: QueueableDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const attempts = this.settings.retryScheduleMs.length + 1;
    await this.queue.addBulk(
      deliveries.map((delivery) => ({
        name: DELIVER_JOB,
        data: jobDataOf(delivery),
        opts: { jobId: jobIdOf(delivery), attempts, backoff: { type: WEBHOOK_BACKOFF }, removeOnComplete: true },
      })),
    );
  }
}
