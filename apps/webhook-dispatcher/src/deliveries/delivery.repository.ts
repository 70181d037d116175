import { DeliveryStatus, WebhookPayload } from '@portcullis/contracts';

export interface DeliveryRecord {
  id: string;
  eventId: string;
  eventType: string;
  subscriptionId: string;
  payload: WebhookPayload;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: Date | null;
  /**
   * Bumped by every replay. Only the job of the current generation may send, so a replay cleanly
   * supersedes a retry still waiting in the queue instead of racing it.
   */
  generation: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AttemptRecord {
  deliveryId: string;
  attemptNo: number;
  status: 'succeeded' | 'failed';
  responseStatus: number | null;
  responseBody: string | null;
  durationMs: number;
  error: string | null;
  at: Date;
}

export interface DeliveryWithAttempts extends DeliveryRecord {
  attempts: AttemptRecord[];
}

/** How one attempt ended: its record, and where that leaves the delivery. */
export interface AttemptOutcome {
  attempt: AttemptRecord;
  generation: number;
  status: Exclude<DeliveryStatus, 'pending'>;
  nextAttemptAt: Date | null;
}

export abstract class DeliveryRepository {
  /**
   * One delivery per (event, subscription): existing ones are left as they are (INSERT … ON
   * CONFLICT DO NOTHING), so a redelivered event never makes a second. Resolves every delivery of
   * this event for these subscriptions, new or old, so the caller can make sure each is queued.
   */
  abstract createForEvent(payload: WebhookPayload, subscriptionIds: string[]): Promise<DeliveryRecord[]>;

  abstract findById(id: string): Promise<DeliveryWithAttempts | null>;

  /** Newest first, each with its attempts oldest first. */
  abstract listForSubscription(
    subscriptionId: string,
    status: DeliveryStatus | undefined,
    page: number,
    limit: number,
  ): Promise<{ items: DeliveryWithAttempts[]; total: number }>;

  /**
   * Takes the next attempt number, if `generation` is still current and the delivery is still
   * open (pending or failed). Null means this job is stale or the work is done: send nothing.
   */
  abstract beginAttempt(id: string, generation: number): Promise<{ delivery: DeliveryRecord; attemptNo: number } | null>;

  /** Records the attempt always; moves the delivery on only if its generation is still current. */
  abstract finishAttempt(outcome: AttemptOutcome): Promise<void>;

  /** Back to pending in a new generation (a replay); null for an unknown id. */
  abstract requeue(id: string): Promise<DeliveryRecord | null>;

  /** `requeue` for every failed or dead delivery of the subscription created in [since, until). */
  abstract requeueRange(subscriptionId: string, since: Date, until: Date): Promise<DeliveryRecord[]>;
}
