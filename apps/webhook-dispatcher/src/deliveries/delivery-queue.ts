import { JobTraceFields } from '@portcullis/runtime';
import { DeliveryRecord } from './delivery.repository';

/**
 * What a webhook-delivery job carries: which delivery, and which generation of it may send; and the
 * request that caused it (trace context, request id), so its attempts join that request's trace.
 */
export interface WebhookDeliveryJobData extends JobTraceFields {
  /**
   * How many of this job's stalls (BullMQ's stalledCounter: a run cut off by its dispatcher dying)
   * are already in the delivery's history as `interrupted` attempts. Absent until the first one is.
   */
  interruptionsRecorded?: number;
  deliveryId: string;
  subscriptionId: string;
  generation: number;
  /**
   * Attempts this generation made before this job (one re-created after Redis lost the first), so
   * the retry schedule goes on where it was instead of starting again. Absent means none.
   */
  retriesMade?: number;
}

/** The job name is stable: renaming it would strand jobs already queued. */
export const DELIVER_JOB = 'deliver';

/**
 * The job id is the delivery id (its first generation) and BullMQ ignores an add whose id exists,
 * so queueing the same delivery twice — a redelivered event, a retried handler — sends it once.
 */
export function jobIdOf(delivery: Pick<DeliveryRecord, 'id' | 'generation'>): string {
  return delivery.generation === 0 ? delivery.id : `${delivery.id}-g${delivery.generation}`;
}

export function jobDataOf(delivery: QueueableDelivery): WebhookDeliveryJobData {
  const data: WebhookDeliveryJobData = {
    deliveryId: delivery.id,
    subscriptionId: delivery.subscriptionId,
    generation: delivery.generation,
  };
  return delivery.retriesMade ? { ...data, retriesMade: delivery.retriesMade } : data;
}

/** What queueing a delivery needs to know of it. */
export type QueueableDelivery = Pick<DeliveryRecord, 'id' | 'subscriptionId' | 'generation'> & { retriesMade?: number };

/** Hands deliveries to the worker (BullMQ in the app, a recorder in unit tests). */
export abstract class DeliveryQueue {
  /** Idempotent per job id: a delivery whose job is still in the queue is left as it is. */
  abstract enqueue(deliveries: QueueableDelivery[]): Promise<void>;

  /** Those of `deliveries` whose job (of their generation) is not in the queue at all. */
  abstract withoutJob<T extends QueueableDelivery>(deliveries: T[]): Promise<T[]>;
}
