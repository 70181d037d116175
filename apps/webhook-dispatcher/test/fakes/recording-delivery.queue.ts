import {
  DeliveryQueue,
  jobDataOf,
  jobIdOf,
  QueueableDelivery,
  WebhookDeliveryJobData,
} from '../../src/deliveries/delivery-queue';

/** Records queued jobs and, like BullMQ, ignores a job whose id it already holds. */
export class RecordingDeliveryQueue extends DeliveryQueue {
  readonly jobs = new Map<string, WebhookDeliveryJobData>();
  adds = 0;

  async enqueue(deliveries: QueueableDelivery[]): Promise<void> {
    for (const delivery of deliveries) {
      this.adds += 1;
      const id = jobIdOf(delivery);
      if (!this.jobs.has(id)) this.jobs.set(id, jobDataOf(delivery));
    }
  }

  async withoutJob<T extends QueueableDelivery>(deliveries: T[]): Promise<T[]> {
    return deliveries.filter((delivery) => !this.jobs.has(jobIdOf(delivery)));
  }

  /** As when Redis loses its data. */
  loseEverything(): void {
    this.jobs.clear();
  }
}
