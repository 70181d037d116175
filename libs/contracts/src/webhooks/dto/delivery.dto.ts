import { PageRequest } from '../../common/page';
import { DomainEvent } from '../../events/domain-event';
import { WebhookRef } from './webhook.dto';

/** What a receiver gets: the DomainEvent envelope without the request metadata (`meta`). */
export type WebhookPayload = Omit<DomainEvent, 'meta'>;

/**
 * `pending`: not yet attempted (or re-queued); `failed`: the last attempt failed and another is
 * scheduled (`nextAttemptAt`); `succeeded`; `dead`: no more attempts (schedule exhausted or 410).
 */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'dead';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'dead'];

/**
 * `interrupted`: the dispatcher sending it stopped (crashed, killed) before the attempt ended, so
 * whether the receiver got it is unknown; the delivery was then taken up again by another attempt.
 */
export type DeliveryAttemptStatus = 'succeeded' | 'failed' | 'interrupted';

export interface DeliveryAttemptDto {
  attemptNo: number;
  status: DeliveryAttemptStatus;
  /** Null when no response came (timeout, refused connection, forbidden address). */
  responseStatus: number | null;
  /** The first 1 KiB of the response body. */
  responseBody: string | null;
  durationMs: number;
  error: string | null;
  at: string;
}

export interface DeliveryDto {
  id: string;
  webhookId: string;
  /** Also the `webhook-id` header: the same on every attempt and replay, so receivers can deduplicate. */
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  payload: WebhookPayload;
  /** Oldest first. */
  attempts: DeliveryAttemptDto[];
}

/** Newest first. Page defaults to 1, limit to 20 (at most 100). */
export interface ListDeliveriesRequest extends WebhookRef, Partial<PageRequest> {
  status?: DeliveryStatus;
}

/** Sends it again now, whatever its status; WEBHOOK_DELIVERY_NOT_FOUND, WEBHOOK_DISABLED. */
export interface RetryDeliveryRequest extends WebhookRef {
  deliveryId: string;
}

/** Re-sends every failed or dead delivery created in [since, until) (until defaults to now). */
export interface RecoverDeliveriesRequest extends WebhookRef {
  since: string;
  until?: string;
}

export interface RecoverDeliveriesReply {
  requeued: number;
}
