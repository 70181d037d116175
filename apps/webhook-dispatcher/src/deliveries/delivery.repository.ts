import { DeliveryAttemptStatus, DeliveryStatus, WebhookPayload } from '@portcullis/contracts';
import { SubscriptionRecord } from '../subscriptions/subscription.repository';

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
  status: DeliveryAttemptStatus;
  responseStatus: number | null;
  responseBody: string | null;
  durationMs: number;
  error: string | null;
  at: Date;
}

/** An attempt as the worker reports it; the repository numbers it as it records it. */
export type NewAttempt = Omit<AttemptRecord, 'attemptNo' | 'status'> & { status: 'succeeded' | 'failed' };

export interface DeliveryWithAttempts extends DeliveryRecord {
  attempts: AttemptRecord[];
}

/** How one attempt ended: its record, and where that leaves the delivery. */
export interface AttemptOutcome {
  attempt: NewAttempt;
  generation: number;
  status: Exclude<DeliveryStatus, 'pending'>;
  nextAttemptAt: Date | null;
}

/** Of a delivery just made or found again by fan-out: enough to queue it, and whether it still needs to be. */
export type CreatedDelivery = Pick<DeliveryRecord, 'id' | 'subscriptionId' | 'generation' | 'status'>;

/** An open delivery due an attempt, with what its current generation has used of the retry schedule. */
export type DueDelivery = Pick<DeliveryRecord, 'id' | 'subscriptionId' | 'generation'> & { retriesMade: number };

/** An event and the subscriptions it is to be delivered to. */
export interface EventTargets {
  payload: WebhookPayload;
  subscriptionIds: string[];
}

/** A delivery due an attempt, with its subscription as it stands now (it decides where and how to send). */
export interface AttemptTarget {
  delivery: DeliveryRecord;
  subscription: SubscriptionRecord;
}

export abstract class DeliveryRepository {
  /**
   * One delivery per (event, subscription), for a whole batch of events at once: existing ones are
   * left as they are (INSERT … ON CONFLICT DO NOTHING), so a redelivered event never makes a
   * second. Resolves every delivery asked for, new or old, so the caller can make sure each is queued.
   */
  abstract createForEvents(targets: EventTargets[]): Promise<CreatedDelivery[]>;

  abstract findById(id: string): Promise<DeliveryWithAttempts | null>;

  /** Newest first, each with its attempts oldest first. */
  abstract listForSubscription(
    subscriptionId: string,
    status: DeliveryStatus | undefined,
    page: number,
    limit: number,
  ): Promise<{ items: DeliveryWithAttempts[]; total: number }>;

  /**
   * The delivery and its subscription, if `generation` is still current and the delivery is still
   * open (pending or failed). Null means this job is stale, the work is done or the subscription
   * is gone: send nothing. A read only: the attempt is counted when it is recorded.
   */
  abstract findForAttempt(id: string, generation: number): Promise<AttemptTarget | null>;

  /**
   * Records the attempt always, under the next attempt number (one statement, so concurrent
   * attempts never share a number), and counts it; moves the delivery on only if its generation
   * is still current.
   */
  abstract finishAttempt(outcome: AttemptOutcome): Promise<void>;

  /**
   * Records `count` attempts that a stopped dispatcher began and never finished, as `interrupted`,
   * under the next attempt numbers, and counts them; the delivery's status is left as it is.
   */
  abstract recordInterrupted(deliveryId: string, count: number, error: string, at: Date): Promise<void>;

  /** Back to pending in a new generation (a replay); null for an unknown id. */
  abstract requeue(id: string): Promise<DeliveryRecord | null>;

  /** `requeue` for every failed or dead delivery of the subscription created in [since, until). */
  abstract requeueRange(subscriptionId: string, since: Date, until: Date): Promise<DeliveryRecord[]>;

  /**
   * Open deliveries (pending or failed) that fell due before `dueBefore` — a failed one at its next
   * attempt time, a pending one when it last changed — longest overdue first, at most `limit`.
   * A failed delivery's `retriesMade` is its attempt count (which includes attempts of earlier
   * generations: a replayed delivery is counted as further along than it is, never less).
   */
  abstract listDue(dueBefore: Date, limit: number): Promise<DueDelivery[]>;
}
