import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@portcullis/database';
import { QueueName } from '@portcullis/queue';
import { jobTraceFields } from '@portcullis/runtime';
import { Queue } from 'bullmq';
import { RedisClient } from '@portcullis/common';
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
    /** The app's own connection to the same Redis: BullMQ's client type offers no EXISTS. */
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {
    super();
  }

  async enqueue(deliveries: QueueableDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const attempts = this.settings.retryScheduleMs.length + 1;
    const trace = jobTraceFields();
    await this.queue.addBulk(
      deliveries.map((delivery) => ({
        name: DELIVER_JOB,
        data: { ...jobDataOf(delivery), ...trace },
        opts: {
          jobId: jobIdOf(delivery),
          // A re-created job has only what is left of the schedule (the worker adds `retriesMade` back).
          attempts: Math.max(1, attempts - (delivery.retriesMade ?? 0)),
          backoff: { type: WEBHOOK_BACKOFF },
          removeOnComplete: true,
        },
      })),
    );
  }

  /** One EXISTS per job hash, in one pipeline: a job in any state (waiting, delayed, active, failed) has one. */
  async withoutJob<T extends QueueableDelivery>(deliveries: T[]): Promise<T[]> {
    if (deliveries.length === 0) return [];
    const pipeline = this.redis.pipeline();
    deliveries.forEach((delivery) => pipeline.exists(this.queue.toKey(jobIdOf(delivery))));
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0] as Error;
    return deliveries.filter((_, i) => results[i][1] === 0);
  }
}
