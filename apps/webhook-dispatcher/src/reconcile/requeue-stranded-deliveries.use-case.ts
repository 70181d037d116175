import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@portcullis/common';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../config/webhook-settings';
import { DeliveryQueue } from '../deliveries/delivery-queue';
import { DeliveryRepository } from '../deliveries/delivery.repository';
import { SweepLock } from './sweep-lock';

/**
 * At most this many per round, longest overdue first: one scan of the table, a few MB of ids. After
 * a large loss the rest follow in the next rounds, as the worker settles these.
 */
const MAX_PER_ROUND = 50_000;
/** Checked for a job and queued per Redis round trip. */
const CHUNK = 1000;

/**
 * PostgreSQL says which deliveries are still to be sent; their BullMQ jobs live only in Redis. When
 * Redis loses them (restarted without persistence, flushed, failed over to an empty replica), an
 * open delivery would wait forever for a job that is gone. This finds the open deliveries that are
 * past due by more than the grace period and have no job in the queue, and queues them again under
 * the same job id, carrying on the retry schedule where it was. Idempotent: a delivery whose job
 * exists is left alone, and queueing one that a job took meanwhile adds nothing (same job id), or at
 * worst a job that finds the delivery settled and sends nothing.
 */
@Injectable()
export class RequeueStrandedDeliveriesUseCase {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
    private readonly lock: SweepLock,
    private readonly clock: Clock,
    @Inject(WEBHOOK_SETTINGS)
    private readonly settings: Pick<WebhookSettings, 'reconcileIntervalMs' | 'reconcileGraceMs'>,
  ) {}

  /** How many deliveries were queued again; 0 also when another replica has this round. */
  async execute(): Promise<number> {
    // A little under the interval, so the next round is free whichever replica's timer fires first.
    if (!(await this.lock.tryAcquire(Math.max(1, Math.floor(this.settings.reconcileIntervalMs * 0.8))))) return 0;
    const dueBefore = new Date(this.clock.now().getTime() - this.settings.reconcileGraceMs);
    const due = await this.deliveries.listDue(dueBefore, MAX_PER_ROUND);
    let requeued = 0;
    for (let i = 0; i < due.length; i += CHUNK) {
      const stranded = await this.queue.withoutJob(due.slice(i, i + CHUNK));
      await this.queue.enqueue(stranded);
      requeued += stranded.length;
    }
    return requeued;
  }
}
